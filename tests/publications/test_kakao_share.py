"""KakaoTalk: a plain link by default; with KAKAO_JS_KEY, Kakao's SDK, loaded on click only."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import ArticleFactory

from .citation_support import READER

ROOT = Path(__file__).resolve().parents[2]


PRINT_POLICY = """
import json
from django.conf import settings
print(json.dumps(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], default=str))
"""


def policy_with(tmp_path, **env):
    """The Content-Security-Policy settings compute for this environment (a fresh process)."""
    result = subprocess.run(
        [sys.executable, "-c", PRINT_POLICY],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "thinktank.settings",
            "SECRET_KEY": "x",
            "VAR_DIR": str(tmp_path / "var"),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_policy_admits_kakao_only_when_a_key_is_set(tmp_path):
    plain = policy_with(tmp_path, KAKAO_JS_KEY="")
    assert not any("kakao" in source for sources in plain.values() for source in sources)
    kakao = policy_with(tmp_path, KAKAO_JS_KEY="0123abcd")
    assert "https://t1.kakaocdn.net" in kakao["script-src"]
    assert "https://kapi.kakao.com" in kakao["connect-src"]
    assert "'unsafe-inline'" not in kakao["script-src"]


@pytest.mark.django_db
def test_without_a_key_kakaotalk_is_a_plain_link(client, article):
    page = client.get(article.get_absolute_url(), **READER).content.decode()
    assert "data-kakao-key" not in page
    assert "kakaocdn" not in page


@pytest.mark.django_db
def test_with_a_key_the_link_carries_the_card_for_the_sdk(client, settings, series):
    settings.KAKAO_JS_KEY = "0123abcd"
    article = ArticleFactory(series=series, title="Kakao & friends")
    page = client.get(article.get_absolute_url(), **READER).content.decode()
    assert 'data-kakao-key="0123abcd"' in page
    assert 'data-kakao-title="Kakao &amp; friends"' in page
    assert f'data-kakao-url="{article.absolute_url}"' in page
    assert '<script src="https://t1.kakaocdn.net' not in page  # loaded on click, by share.js

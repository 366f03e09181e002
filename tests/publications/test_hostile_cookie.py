"""A forged `tt_seen` cookie is ignored: the article page answers 200 and the view counts."""

import time

import pytest

from publications import hits
from publications.models import Article
from publications.sanitize import sanitize_html

pytestmark = pytest.mark.clocks  # the cookie holds epoch seconds

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"


def _garbage(article):
    """Cookie values as Django sees them: WSGI hands headers over as Latin-1 text.

    "²", "³" and "¹" are single Latin-1 bytes, and str.isdigit() says yes to them.
    """
    now = int(time.time())
    return {
        "superscript stamp": f"{article.pk}.2²",
        "superscript id": f"{article.pk}³.{now}",
        "superscript one": f"¹.{now}",
        "4301-digit stamp": f"{article.pk}." + "9" * 4301,
        "4301-digit id": "9" * 4301 + f".{now}",
        "huge cookie": "-".join(["1.1"] * 5000),
        "empty entries": "---..--.",
        "signs": f"+{article.pk}.-{now}",
        "spaces": f" {article.pk} . {now} ",
        "utf-8 bytes": "٣.١٢٣".encode().decode("latin-1"),
    }


@pytest.mark.parametrize(
    "form",
    [
        "superscript stamp",
        "superscript id",
        "superscript one",
        "4301-digit stamp",
        "4301-digit id",
        "huge cookie",
        "empty entries",
        "signs",
        "spaces",
        "utf-8 bytes",
    ],
)
def test_garbage_seen_cookie_is_ignored_and_the_view_counts(client, article, form):
    client.cookies[hits.COOKIE_NAME] = _garbage(article)[form]
    response = client.get(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).hits == 1
    assert 'class="hits-count">1<' in response.content.decode()


def test_parse_seen_keeps_good_entries_beside_garbage():
    now = int(time.time())
    assert hits.parse_seen(f"7.{now}-8.²-9.{'1' * 4301}-١.{now}", now) == {7: now}


def test_sanitizer_keeps_only_ascii_digits_in_numeric_attributes():
    html = sanitize_html('<table><tr><td colspan="²">a</td><td colspan="2">b</td></tr></table>')
    assert 'colspan="²"' not in html
    assert 'colspan="2"' in html

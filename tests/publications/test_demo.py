"""The demo content: the seed article exactly as on the reference page, loaded idempotently."""

import datetime
import html
import re
import zoneinfo
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from publications.models import Article, Series

from .exchange_support import snapshot, stored_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.clocks]  # the demo content carries dates
# The reference page's paragraphs, one per line, copied verbatim from it.
SEED_PARAGRAPHS = (
    (Path(__file__).parent / "data" / "seed_article_paragraphs.txt")
    .read_text(encoding="utf-8")
    .splitlines()
)
READER = {"HTTP_USER_AGENT": "Mozilla/5.0"}


@pytest.fixture
def demo(db):
    call_command("load_demo")


def _seed():
    return Article.objects.get(
        series__slug="ifans-focus", slug="an-analysis-of-the-biden-putin-summit"
    )


def _paragraphs(body):
    return [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", body, re.S)]


def test_seed_article_is_exactly_as_on_the_reference_page(demo):
    article = _seed()
    assert article.series.name == "IFANS Focus"
    assert article.title == "An Analysis of the Biden-Putin Summit"
    assert [(a.slug, a.name) for a in article.authors.all()] == [("lee-taerim", "LEE TaeRim")]
    seoul = zoneinfo.ZoneInfo("Asia/Seoul")
    assert article.published_at == datetime.datetime(2021, 7, 27, tzinfo=seoul)
    assert article.status == "published"
    assert article.hits == 2060
    assert article.summary == ""
    assert len(SEED_PARAGRAPHS) == 11
    assert _paragraphs(article.body) == SEED_PARAGRAPHS
    assert "deem the summit “constructive.”" in article.body
    assert list(
        article.tags.order_by("taggit_taggeditem_items__id").values_list("name", flat=True)
    ) == [
        "USRussiaRelations",
        "USRussiaSummit",
        "BidenPutinSummit",
        "Cybersecurity",
        "StrategicStability",
    ]


def test_seed_attachment_is_the_committed_pdf(demo):
    attachment = _seed().attachments.get()
    assert attachment.title == "The Full Text"
    assert attachment.original_name == "The Full Text.pdf"
    committed = settings.BASE_DIR / "demo" / "files" / "The Full Text.pdf"
    assert stored_bytes(attachment) == committed.read_bytes()
    assert stored_bytes(attachment).startswith(b"%PDF-")


def test_seed_page_links_to_its_neighbours(demo, client):
    response = client.get(_seed().get_absolute_url(), **READER)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="article-title">An Analysis of the Biden-Putin Summit</h1>' in page
    previous = Article.objects.get(
        title__startswith="The Revisions to the Rules of the WPK and Implications of th"
    )
    following = Article.objects.get(
        title="G7 Summit 2021 and the Post-Pandemic International Order"
    )
    assert previous.published_at < _seed().published_at < following.published_at
    assert re.search(rf'href="{re.escape(previous.get_absolute_url())}" rel="prev"', page)
    assert re.search(rf'href="{re.escape(following.get_absolute_url())}" rel="next"', page)
    assert "The Full Text.pdf" in page


def test_every_other_demo_article_is_marked_as_sample_content(demo):
    others = Article.objects.exclude(pk=_seed().pk)
    assert others.count() >= 4
    for article in others:
        assert article.summary.startswith("Sample content."), article.title
        assert "Sample content" in article.body or "샘플 콘텐츠" in article.body, article.title


def test_demo_has_a_second_series_with_a_korean_article(demo, client):
    assert Series.objects.filter(slug="ifans-perspectives", name="IFANS Perspectives").exists()
    korean = Article.objects.get(title="한반도 평화 프로세스의 과제")
    assert korean.series.slug == "ifans-perspectives"
    assert korean.slug == "한반도-평화-프로세스의-과제"
    assert "한반도" in korean.tags.names()
    assert client.get(korean.get_absolute_url(), **READER).status_code == 200


def test_load_demo_refresh_is_idempotent(demo, capsys):
    before = snapshot()
    capsys.readouterr()
    call_command("load_demo", refresh=True)
    assert snapshot() == before
    assert "already up to date" in capsys.readouterr().out


def test_restart_keeps_editors_changes_and_hits(demo, capsys):
    seed = Article.objects.get(slug="an-analysis-of-the-biden-putin-summit")
    Article.objects.filter(pk=seed.pk).update(hits=2100, title="Edited by an editor")
    call_command("load_demo")
    seed.refresh_from_db()
    assert (seed.hits, seed.title) == (2100, "Edited by an editor")
    assert "left as it is" in capsys.readouterr().out

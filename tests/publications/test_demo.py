"""The demo content: the seed article exactly as on the reference page, loaded idempotently."""

import datetime
import html
import re
import zoneinfo
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from publications.models import Article, Author, Series

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


def _seed_translation():
    return Article.objects.get(series__slug="ifans-focus", slug="바이든-푸틴-정상회담-분석")


def _paragraphs(body):
    return [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", body, re.S)]


def test_seed_article_is_exactly_as_on_the_reference_page(demo):
    article = _seed()
    assert article.series.name_en == "IFANS Focus"
    assert article.title == "An Analysis of the Biden-Putin Summit"
    assert article.language == "en"
    assert [(a.slug, a.name_en) for a in article.authors.all()] == [("lee-taerim", "LEE TaeRim")]
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
    others = Article.objects.exclude(pk__in=[_seed().pk, _seed_translation().pk])
    assert others.count() >= 4
    for article in others:
        marker = {"en": "Sample content.", "ko": "샘플 콘텐츠."}[article.language]
        assert article.summary.startswith(marker), article.title
        assert "Sample content" in article.body or "샘플 콘텐츠" in article.body, article.title


def test_demo_has_a_second_series_with_a_korean_article(demo, client):
    assert Series.objects.filter(slug="ifans-perspectives", name_en="IFANS Perspectives").exists()
    korean = Article.objects.get(title="한반도 평화 프로세스의 과제")
    assert korean.series.slug == "ifans-perspectives"
    assert korean.language == "ko"
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


def test_demo_fills_both_editions(demo):
    by_language = {
        language: set(Article.objects.filter(language=language).values_list("title", flat=True))
        for language in ("ko", "en")
    }
    assert by_language["ko"] == {
        "바이든-푸틴 정상회담 분석",
        "2021년 G7 정상회의와 팬데믹 이후의 국제질서",
        "한반도 평화 프로세스의 과제",
    }
    assert "An Analysis of the Biden-Putin Summit" in by_language["en"]
    assert len(by_language["en"]) == 5
    assert Article.objects.count() == 8


def test_seed_article_and_its_korean_translation_are_linked(demo, client):
    seed, korean = _seed(), _seed_translation()
    assert (korean.language, korean.series, korean.published_at) == (
        "ko",
        seed.series,
        seed.published_at,
    )
    assert list(korean.authors.all()) == list(seed.authors.all())
    assert seed.translation_key is not None
    assert seed.translation() == korean
    assert korean.translation() == seed
    # The same eleven paragraphs in Korean, then a note that this is the demo's own translation.
    paragraphs = _paragraphs(korean.body)
    assert len(paragraphs) == len(SEED_PARAGRAPHS) + 1
    assert paragraphs[0].startswith("2021년 6월 16일 스위스 제네바에서")
    assert "<em>" in paragraphs[-1] and "공식 국문본이 아닙니다" in paragraphs[-1]
    assert not korean.attachments.exists()  # the full text is the English PDF: not its own

    page = client.get(korean.get_absolute_url(), **READER)
    assert page.status_code == 200
    assert korean.get_absolute_url().startswith("/ko/")
    text = page.content.decode()
    assert '<h1 class="article-title">바이든-푸틴 정상회담 분석</h1>' in text
    assert re.search(
        rf'<link rel="alternate" hreflang="en" href="[^"]*{re.escape(seed.get_absolute_url())}"',
        text,
    )


def test_series_and_authors_are_named_in_both_languages(demo):
    focus = Series.objects.get(slug="ifans-focus")
    assert (focus.name_ko, focus.name_en) == ("IFANS 포커스", "IFANS Focus")
    assert focus.description_ko and focus.description_en
    for series in Series.objects.all():
        assert series.name_ko and series.name_en, series.slug
    names = {a.slug: (a.name_ko, a.name_en, a.title_ko) for a in Author.objects.all()}
    assert names["lee-taerim"] == ("이태림", "LEE TaeRim", "교수")
    assert all(ko and en and title for ko, en, title in names.values()), names
    with translation.override("ko"):
        assert str(focus) == "IFANS 포커스"
    with translation.override("en"):
        assert str(focus) == "IFANS Focus"

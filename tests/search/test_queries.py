"""The query table: what a reader types and which articles come back, on both databases."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import escape

from publications.models import Article
from search.services import search
from tests.factories import ArticleFactory, AttachmentFactory, AuthorFactory, SeriesFactory

from .conftest import BOTH
from .support import docx_with_text, pdf_with_text

pytestmark = pytest.mark.django_db(databases=BOTH)

SEOUL = ZoneInfo("Asia/Seoul")


def day(year, month, d):
    return datetime.datetime(year, month, d, 12, tzinfo=SEOUL)


def make_corpus():
    focus = SeriesFactory(name="Focus", slug="focus")
    essays = SeriesFactory(name="Essays", slug="essays")
    kim = AuthorFactory(name="KIM Minsu", slug="kim")
    doe = AuthorFactory(name="Jane Doe", slug="doe")
    art = ArticleFactory
    art(
        slug="alliance",
        language="ko",
        series=focus,
        authors=[kim],
        tags=["안보"],
        published_at=day(2024, 3, 1),
        title="한미동맹의 미래와 과제",
        summary="한미동맹은 한반도 안보의 축이다.",
        body="<p>양국은 동맹을 강화하기로 했다. 정상회담의 결과가 주목된다.</p>",
    )
    art(
        slug="summit",
        language="ko",
        series=essays,
        authors=[kim],
        published_at=day(2023, 5, 2),
        title="정상회담 이후의 과제",
        summary="",
        body="<p>두 나라의 동맹 관계를 돌아본다.</p>",
    )
    art(
        slug="sanctions",
        series=focus,
        authors=[doe],
        tags=["nuclear"],
        published_at=day(2024, 1, 10),
        title="Sanctions and North Korea's Nuclear Program",
        summary="How sanctions shape Pyongyang's choices.",
        body="<p>Talks stalled. Café diplomacy in Genève went on.</p>",
    )
    art(
        slug="eu",
        series=essays,
        authors=[doe],
        published_at=day(2023, 2, 2),
        title="European measures on Russia",
        summary="The EU sanctioned banks.",
        body="<p>Korea is north of the equator, far away.</p>",
    )
    for slug, field in [("h-title", "title"), ("h-summary", "summary"), ("h-body", "body")]:
        values = {"title": f"Energy note {slug}", "summary": "Energy.", "body": "<p>Energy.</p>"}
        values[field] = {
            "title": "Hydrogen strategy",
            "summary": "Hydrogen matters.",
            "body": "<p>Hydrogen matters.</p>",
        }[field]
        art(slug=slug, series=essays, published_at=day(2022, 4, 4), **values)
    h_attach = art(
        slug="h-attach", series=essays, title="Energy annex", published_at=day(2022, 4, 4)
    )
    AttachmentFactory(article=h_attach, file=ContentFile(pdf_with_text("Hydrogen tables"), "a.pdf"))
    crypto = art(slug="crypto", series=focus, title="Digital finance", summary="Regulators.")
    AttachmentFactory(
        article=crypto,
        original_name="The Full Text.pdf",
        file=ContentFile(pdf_with_text("Cryptocurrency regulation in Asia"), "x.pdf"),
    )
    ledger = art(slug="ledger", series=focus, title="Ledgers", summary="Records.")
    AttachmentFactory(
        article=ledger,
        original_name="notes.docx",
        file=ContentFile(docx_with_text("Blockchain ledgers"), "n.docx"),
    )
    broken = art(slug="broken", series=focus, title="Broken upload on satellites")
    AttachmentFactory(article=broken, file=ContentFile(b"%PDF-1.4 not really", "b.pdf"))
    art(slug="draft", status=Article.Status.DRAFT, title="Classified hydrogen draft 동맹")
    art(
        slug="scheduled",
        title="Embargoed hydrogen review 동맹",
        published_at=timezone.now() + datetime.timedelta(days=2),
    )


@pytest.fixture
def corpus(indexed):
    with indexed():
        make_corpus()


# (query, filters, expected slugs; a list means this order, a set any order)
TABLE = [
    # Korean: particles in the text and in the query, compounds both ways
    ("동맹", {}, {"alliance", "summit"}),
    ("동맹을", {}, {"alliance", "summit"}),
    ("동맹의", {}, {"alliance", "summit"}),
    ("정상회담", {}, {"alliance", "summit"}),
    ("정상회담의", {}, {"alliance", "summit"}),
    ("한미 동맹", {}, {"alliance"}),
    ("한미동맹", {}, {"alliance"}),
    ("한반도 안보", {}, {"alliance"}),
    ("안보", {"tag": "안보"}, {"alliance"}),
    # English: stems, case, accents
    ("sanction", {}, {"sanctions", "eu"}),
    ("SANCTIONS", {}, {"sanctions", "eu"}),
    ("nuclear", {}, {"sanctions"}),
    ("cafe", {}, {"sanctions"}),
    ("geneve", {}, {"sanctions"}),
    ("Jane Doe", {}, {"sanctions", "eu"}),
    # phrases and exclusions
    ("north korea", {}, {"sanctions", "eu"}),
    ('"north korea"', {}, {"sanctions"}),
    ('"korea north"', {}, set()),
    ("sanctions -nuclear", {}, {"eu"}),
    ('sanctions -"north korea"', {}, {"eu"}),
    ("동맹 -정상회담", {}, set()),
    # weights: title > summary > body > attachment
    ("hydrogen", {}, ["h-title", "h-summary", "h-body", "h-attach"]),
    # attachments (PDF, DOCX); an unreadable one is skipped, its article still found
    ("cryptocurrency", {}, {"crypto"}),
    ("blockchain", {}, {"ledger"}),
    ("satellites", {}, {"broken"}),
    # drafts and scheduled articles are never found
    ("classified", {}, set()),
    ("embargoed", {}, set()),
    # filters
    ("동맹", {"series": "essays"}, {"summit"}),
    ("sanctions", {"author": "doe", "year": 2023}, {"eu"}),
    ("hydrogen", {"year": 2022}, {"h-title", "h-summary", "h-body", "h-attach"}),
    ("", {"language": "ko"}, {"alliance", "summit"}),
    ("sanctions", {"language": "ko"}, set()),
    # nothing to search for: the latest publications
    ("!!! ???", {"series": "essays", "year": 2023}, {"summit", "eu"}),
    ('"unbalanced', {}, set()),
    ("%_\\", {"author": "kim"}, {"alliance", "summit"}),
]


@pytest.mark.parametrize(("text", "filters", "expected"), TABLE, ids=[r[0] or "-" for r in TABLE])
def test_query_table(corpus, search_db, text, filters, expected):
    found = search(text, filters)
    assert found.results.db == search_db
    slugs = [article.slug for article in found.results]
    if isinstance(expected, list):
        assert slugs == expected
    else:
        assert set(slugs) == expected
        assert len(slugs) == len(set(slugs))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "x" * 5000,
        '"',
        '""',
        "%",
        "_",
        "\\",
        "\x00\x01\x1f\x7f",
        "' OR 1=1 --",
        "a & b | !c <-> d:* (",
        'NEAR(a b) * "x" NOT',
        '- -- -""',
        "동맹\u200b\ufeff",
    ],
)
def test_hostile_queries_answer_a_page_that_says_what_was_searched(corpus, client, text):
    response = client.get("/en/search/", {"q": text})
    assert response.status_code == 200
    shown = response.context["query"]
    assert len(shown) <= 200
    assert not any(ord(char) < 32 for char in shown)
    if shown:
        assert f"“{escape(shown)}”" in response.content.decode()

"""A Korean article with two authors, a PDF, a DOI, a number and an English translation."""

import datetime

import lxml.html
import pytest

from publications import translations
from tests.factories import ArticleFactory, AttachmentFactory, AuthorFactory, SeriesFactory

READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"}
# 20:30 UTC is already the next day in Seoul: the date cited is Seoul's.
PUBLISHED = datetime.datetime(2021, 7, 26, 20, 30, tzinfo=datetime.UTC)


@pytest.fixture
def korean_pair(db):
    series = SeriesFactory(slug="ifans-focus", name_en="IFANS Focus", name_ko="IFANS 포커스")
    lee = AuthorFactory(slug="lee-taerim", name_ko="이태림", name_en="LEE TaeRim")
    kim = AuthorFactory(slug="kim-minji", name_ko="김민지", name_en="KIM Minji")
    korean = ArticleFactory(
        series=series,
        language="ko",
        title="바이든-푸틴 정상회담 분석: 전략적 안정성 & 그 너머",
        slug="biden-putin-ko",
        summary="미·러 정상회담의 의미를 분석한다.",
        authors=[lee, kim],
        tags=["미러관계", "BidenPutinSummit"],
        published_at=PUBLISHED,
        doi="10.1234/ifans.2021.17",
        number="2021-17",
    )
    AttachmentFactory(article=korean, title="전문", original_name="전문.pdf")
    english = ArticleFactory(
        series=series,
        language="en",
        title="An Analysis of the Biden-Putin Summit",
        slug="biden-putin",
        authors=[lee, kim],
        published_at=PUBLISHED + datetime.timedelta(days=2),
    )
    translations.link(korean, english)
    return korean, english


def head_of(client, article):
    response = client.get(article.get_absolute_url(), **READER)
    assert response.status_code == 200
    return response.content.decode()


def meta_names(html):
    """[(name, content)] of every <meta name=...> in the head, in order."""
    tree = lxml.html.fromstring(html)
    return [(m.get("name"), m.get("content")) for m in tree.xpath("//head/meta[@name]")]


def values(pairs, key):
    return [value for name, value in pairs if name == key]


def alternate_links(html):
    tree = lxml.html.fromstring(html)
    return {
        link.get("type"): link.get("href")
        for link in tree.xpath("//head/link[@rel='alternate'][@type]")
    }

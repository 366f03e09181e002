"""Facet counts and the first pages against a plain count of the articles, and the
copy of what filters read on each search document (PostgreSQL) following every change."""

import datetime
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from publications.models import Article, ArticleAuthor
from search.services import search
from tests.factories import ArticleFactory, AuthorFactory, SeriesFactory

from .conftest import BOTH

pytestmark = pytest.mark.django_db(databases=BOTH)
SEOUL = ZoneInfo("Asia/Seoul")


def made(year, month=6):
    return datetime.datetime(year, month, 1, 12, tzinfo=SEOUL)


@pytest.fixture
def library(indexed):
    """Articles on ice and fire, every filter's values mixed, with drafts and an embargo."""
    with indexed():
        series = [SeriesFactory(slug=slug) for slug in ("focus", "essays", "briefs")]
        authors = [AuthorFactory(slug=slug) for slug in ("kim", "lee", "park")]
        for number in range(18):
            words = ["ice", "fire", "ice fire"][number % 3]
            ArticleFactory(
                title=f"{words} {number}",
                body=f"<p>{'ice ' * (number % 4)}notes</p>",
                series=series[number % 3],
                authors=authors[: 1 + number % 3][::-1] if number % 5 else [],
                tags=["polar", "heat"][: number % 3],
                language="ko" if number % 4 == 0 else "en",
                published_at=made(2021 + number % 4, 1 + number % 12),
                status=Article.Status.DRAFT if number % 7 == 6 else Article.Status.PUBLISHED,
            )
        ArticleFactory(title="ice embargoed", published_at=timezone.now() + datetime.timedelta(1))


def plain_counts(text, filters, facet):
    """A facet counted the plain way: the results under every other filter, article by article."""
    others = {name: value for name, value in filters.items() if name != facet}
    counted = Counter()
    for article in search(text, others).results:
        if facet == "series":
            counted[article.series.slug] += 1
        elif facet == "author":
            counted.update(author.slug for author in article.authors.all())
        elif facet == "tag":
            counted.update(tag.slug for tag in article.tags.all())
        elif facet == "year":
            counted[str(timezone.localtime(article.published_at, SEOUL).year)] += 1
        else:
            counted[article.language] += 1
    return dict(counted)


CASES = [
    ("ice", {}),
    ("fire", {"language": "en"}),
    ("ice fire", {"series": "essays"}),
    ("ice", {"author": "lee", "language": "en"}),
    ("ice -fire", {"tag": "heat"}),
    ("notes", {"year": 2023, "series": "focus"}),
    ("notes", {"author": "park", "tag": "polar", "language": "ko"}),
    ("nothing-like-this", {}),
]


@pytest.mark.clocks
@pytest.mark.parametrize("sort", ["relevance", "date"])
@pytest.mark.parametrize(("text", "filters"), CASES)
def test_facet_counts_equal_a_plain_count_of_the_articles(library, search_db, text, filters, sort):
    found = search(text, filters, sort)
    for facet in ("series", "author", "tag", "year", "language"):
        counted = {value: n for value, _, n in found.facets[facet]}
        assert counted == plain_counts(text, filters, facet), facet
    expected = [article.pk for article in found.results]
    assert found.count == len(expected)
    assert [article.pk for article in found.page(0, 10)] == expected[:10]
    assert [article.pk for article in found.page(10, 20)] == expected[10:20]


def test_counts_and_pages_follow_status_series_authors_and_tags_before_the_words_are_reindexed(
    search_db, indexed, monkeypatch
):
    """The worker re-indexes the words later; what filters read follows at once."""
    from search import tasks

    with indexed():
        article = ArticleFactory(title="Walrus", series=SeriesFactory(slug="focus"))
    monkeypatch.setattr(tasks.index_articles, "delay", lambda *args: None)  # a worker far behind

    def facet(name, **filters):
        return {value: n for value, _, n in search("walrus", filters).facets[name]}

    with indexed():
        article.series = SeriesFactory(slug="essays")
        article.save()
    assert facet("series") == {"essays": 1}
    with indexed():
        ArticleAuthor.objects.create(article=article, author=AuthorFactory(slug="kim"))
        article.tags.add("ice")
    assert facet("author") == {"kim": 1} and facet("tag") == {"ice": 1}
    assert search("walrus", {"author": "kim", "tag": "ice"}).count == 1
    with indexed():
        ArticleAuthor.objects.filter(article=article).delete()
        article.tags.clear()
    assert facet("author") == {} and facet("tag") == {}
    with indexed():
        article.status = Article.Status.DRAFT
        article.save()
    found = search("walrus")
    assert found.count == 0 and found.page(0, 10) == []
    with indexed():
        article.status = Article.Status.PUBLISHED
        article.published_at = made(2020)
        article.save()
    assert facet("year") == {"2020": 1}


@pytest.mark.django_db
def test_a_document_behind_its_article_never_shows_it_unpublished(
    django_capture_on_commit_callbacks, eager_celery
):
    """PostgreSQL reads the status off the document: if that copy ever lags, the
    page still shows published articles only."""
    assert connection.vendor == "postgresql"
    with django_capture_on_commit_callbacks(execute=True):
        shown = ArticleFactory(title="Narwhal one")
        hidden = ArticleFactory(title="Narwhal two")
    with connection.cursor() as cursor:  # a write that announced nothing
        cursor.execute(
            "UPDATE publications_article SET status = %s WHERE id = %s",
            [Article.Status.DRAFT, hidden.pk],
        )
    assert [article.pk for article in search("narwhal").page(0, 10)] == [shown.pk]

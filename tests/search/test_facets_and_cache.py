"""Facet counts (one statement), the result count read off them, and the result cache."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connections
from django.test.utils import CaptureQueriesContext

from search.services import search
from tests.factories import ArticleFactory, AuthorFactory, SeriesFactory

from .conftest import BOTH

pytestmark = pytest.mark.django_db(databases=BOTH)
SEOUL = ZoneInfo("Asia/Seoul")


def made(year):
    return datetime.datetime(year, 6, 1, 12, tzinfo=SEOUL)


@pytest.fixture
def shelf(indexed):
    with indexed():  # everything in it: a write before would hold the commit's batch
        focus = SeriesFactory(name_en="Focus", name_ko="포커스", slug="focus")
        essays = SeriesFactory(name_en="Essays", name_ko="에세이", slug="essays")
        kim, lee = AuthorFactory(slug="kim"), AuthorFactory(slug="lee")
        ArticleFactory(
            title="Arctic one", series=focus, authors=[kim], tags=["ice"], published_at=made(2024)
        )
        ArticleFactory(
            title="Arctic two", series=focus, authors=[kim, lee], published_at=made(2023)
        )
        ArticleFactory(title="Arctic three", series=essays, authors=[lee], published_at=made(2024))
        ArticleFactory(title="북극 Arctic", series=essays, language="ko", published_at=made(2022))
        ArticleFactory(title="Desert", series=essays, authors=[kim], published_at=made(2024))


def counts(found, name):
    return {value: n for value, _, n in found.facets[name]}


@pytest.mark.clocks
def test_facets_count_the_matches_of_every_other_filter(shelf, search_db):
    found = search("arctic")
    assert counts(found, "series") == {"focus": 2, "essays": 2}
    assert counts(found, "author") == {"kim": 2, "lee": 2}
    assert counts(found, "tag") == {"ice": 1}
    assert counts(found, "year") == {"2024": 2, "2023": 1, "2022": 1}
    assert counts(found, "language") == {"en": 3, "ko": 1}
    assert found.count == 4
    chosen = search("arctic", {"series": "focus", "year": 2024})
    # A facet ignores its own filter: the other series and years stay countable.
    assert counts(chosen, "series") == {"focus": 1, "essays": 1}
    assert counts(chosen, "year") == {"2024": 1, "2023": 1}
    assert counts(chosen, "author") == {"kim": 1}
    assert chosen.count == 1
    assert [a.title for a in chosen.page(0, 10)] == ["Arctic one"]


def test_facets_and_count_take_one_statement(shelf, search_db):
    found = search("arctic", {"author": "kim", "language": "en"})
    with CaptureQueriesContext(connections[search_db]) as queries:
        assert found.count == 2
        assert counts(found, "language") == {"en": 2}
    assert len(queries) == 1


@pytest.fixture
def shared_cache(settings):
    settings.SEARCH_CACHE = True
    cache.clear()
    yield
    cache.clear()


def test_a_query_asked_again_reads_its_counts_and_ids_from_the_cache(
    shelf, search_db, shared_cache
):
    first = search("arctic")
    assert first.count == 4 and len(first.page(0, 10)) == 4
    again = search("Arctic")  # the same tokens: the same entry
    with CaptureQueriesContext(connections[search_db]) as queries:
        assert again.count == 4
        assert [a.pk for a in again.page(0, 10)] == [a.pk for a in first.page(0, 10)]
    statements = [query["sql"] for query in queries.captured_queries]
    assert not any("search_" in sql and "JOIN" in sql and "COUNT" in sql for sql in statements)
    assert not any("ts_rank" in sql or "bm25" in sql for sql in statements)


def test_a_change_to_the_content_or_the_index_makes_cached_results_stale(
    shelf, indexed, search_db, shared_cache
):
    assert search("arctic").count == 4
    with indexed():
        ArticleFactory(title="Arctic four", published_at=made(2021))
    fresh = search("arctic")
    assert fresh.count == 5
    assert "Arctic four" in [a.title for a in fresh.page(0, 10)]
    with indexed():
        fresh.page(0, 10)[0].delete()
    assert search("arctic").count == 4


@pytest.mark.clocks
@pytest.mark.parametrize("sort", ["relevance", "date"])
@pytest.mark.parametrize(
    "filters", [{}, {"language": "en"}, {"author": "kim"}, {"series": "essays", "year": 2024}]
)
def test_the_first_pages_come_in_the_order_of_the_full_results(shelf, search_db, sort, filters):
    found = search("arctic", filters, sort)
    expected = [article.pk for article in found.results]
    assert expected  # every case has results
    assert [article.pk for article in found.page(0, 10)] == expected[:10]
    assert [article.pk for article in found.page(1, 3)] == expected[1:3]


@pytest.mark.clocks
def test_the_first_page_puts_the_best_match_first(indexed, search_db):
    with indexed():
        ArticleFactory(title="Walrus", slug="in-title", published_at=made(2020))
        ArticleFactory(
            title="Other", slug="in-body", body="<p>A walrus.</p>", published_at=made(2024)
        )
    by_relevance = search("walrus", {"language": "en"})
    assert [article.slug for article in by_relevance.page(0, 10)] == ["in-title", "in-body"]
    by_date = search("walrus", {"language": "en"}, "date")
    assert [article.slug for article in by_date.page(0, 10)] == ["in-body", "in-title"]

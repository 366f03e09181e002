"""Relevance: by the weight of the field a word is in, then by how often it occurs.

PostgreSQL ranks with ts_rank over the OR of the wanted terms (search.query.
to_rank_tsquery), SQLite with bm25: neither weighs how near the words are to
each other, so both backends put the same articles first.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest

from search import query as q
from search.services import search
from tests.factories import ArticleFactory

from .conftest import BOTH

pytestmark = pytest.mark.django_db(databases=BOTH)
SEOUL = ZoneInfo("Asia/Seoul")
FILLER = " ".join(["report"] * 40)


def test_the_rank_query_ors_the_wanted_words_and_leaves_out_the_excluded_ones():
    parsed = q.parse('"north korea" nuclear north -sanctions')
    ranked = q.to_rank_tsquery(parsed)
    assert parsed.exclude == [("sanction",)]
    assert ranked == "'north' | 'korea' | 'nuclear'"  # each once, in the order asked


@pytest.mark.clocks
def test_relevance_counts_how_often_the_words_occur_not_how_near_they_are(indexed, search_db):
    same_day = datetime.datetime(2024, 6, 1, 12, tzinfo=SEOUL)
    with indexed():
        ArticleFactory(
            title="One",
            slug="near",
            summary="",
            body=f"<p>walrus tusk {FILLER} {FILLER} {FILLER}</p>",
            published_at=same_day,
        )
        ArticleFactory(
            title="Two",
            slug="often",
            summary="",
            body=f"<p>walrus {FILLER} tusk {FILLER} walrus {FILLER} tusk</p>",
            published_at=same_day - datetime.timedelta(days=1),  # older: loses a tie
        )
    found = search("walrus tusk", {"language": "en"})
    assert [article.slug for article in found.page(0, 10)] == ["often", "near"]
    assert [article.slug for article in found.results] == ["often", "near"]

"""Prev/next: same series, published only, by publication date then creation order."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, SeriesFactory

pytestmark = pytest.mark.clocks  # neighbours are ordered by publication date

DAY = datetime.timedelta(days=1)


@pytest.fixture
def base_time():
    return timezone.now() - 30 * DAY


def make(series, when, **kwargs):
    return ArticleFactory(series=series, published_at=when, **kwargs)


def test_neighbours_are_the_articles_just_before_and_after(series, base_time):
    first, second, third = (make(series, base_time + n * DAY) for n in range(3))
    assert second.previous_published() == first
    assert second.next_published() == third
    assert first.previous_published() is None
    assert third.next_published() is None


def test_drafts_and_future_articles_are_skipped(series, base_time):
    first = make(series, base_time)
    make(series, base_time + DAY, status="draft")
    middle = make(series, base_time + 2 * DAY)
    make(series, timezone.now() + DAY)  # scheduled, not yet public
    assert middle.previous_published() == first
    assert middle.next_published() is None


def test_other_series_are_not_neighbours(series, base_time):
    other = SeriesFactory()
    make(other, base_time + DAY)
    only = make(series, base_time)
    assert only.next_published() is None
    assert only.previous_published() is None


def test_articles_published_at_the_same_moment_follow_creation_order(series, base_time):
    same_moment = base_time
    a, b, c = (make(series, same_moment) for _ in range(3))
    assert b.previous_published() == a
    assert b.next_published() == c
    assert a.next_published() == b


def test_page_marks_neighbours_rel_prev_and_next(client, series, base_time):
    before, current, after = (make(series, base_time + n * DAY) for n in range(3))
    page = client.get(current.get_absolute_url(), HTTP_USER_AGENT="Mozilla/5.0").content.decode()
    assert f'<a href="{before.get_absolute_url()}" rel="prev"' in page
    assert f'<a href="{after.get_absolute_url()}" rel="next"' in page

"""The stored hit count mirrored in Redis: article views without a query, counts still exact."""

import re

import pytest
import redis
from django.test import Client

from publications import hits
from publications.models import Article

READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"}
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def redis_buffer(settings, redis_url, redis_cache):
    """Hits buffered in Redis and pages cached there, as in production."""
    settings.HIT_BUFFER_URL = redis_url + "/3"
    settings.PAGE_CACHE = True
    hits._buffer.cache_clear()
    redis.Redis.from_url(settings.HIT_BUFFER_URL).flushdb()
    yield
    hits._buffer.cache_clear()


def shown(response):
    return int(re.search(rb'class="hits-count">(\d+)<', response.content)[1])


def test_warm_article_views_run_no_query(article, django_assert_num_queries):
    Client().get(article.get_absolute_url(), **READER)  # cache the page, mirror the count
    reader = Client()
    with django_assert_num_queries(0):
        assert shown(reader.get(article.get_absolute_url(), **READER)) == 2  # new reader
    with django_assert_num_queries(0):
        assert shown(reader.get(article.get_absolute_url(), **READER)) == 2  # counted already


def test_counts_stay_exact_across_flushes(article):
    seen = []
    for n in range(6):
        seen.append(shown(Client().get(article.get_absolute_url(), **READER)))
        if n % 2:
            hits.flush_buffered_hits()
    assert seen == [1, 2, 3, 4, 5, 6]
    hits.flush_buffered_hits()
    assert Article.objects.get(pk=article.pk).hits == 6
    assert shown(Client().get(article.get_absolute_url(), HTTP_USER_AGENT="bot")) == 6


def test_a_count_written_by_an_editor_or_an_import_shows_at_once(article):
    Client().get(article.get_absolute_url(), **READER)
    hits.flush_buffered_hits()
    article.refresh_from_db()
    article.hits = 2100
    article.save()  # announced by articles_changed: the mirror is dropped
    assert shown(Client().get(article.get_absolute_url(), **READER)) == 2101


def test_the_mirror_never_keeps_a_count_read_while_a_flush_moved_hits(article, monkeypatch):
    for _ in range(3):
        Client().get(article.get_absolute_url(), **READER)
    hits.forget_stored([article.pk])  # the next view reads the database
    read_from_database = hits._stored_hits

    def read_then_flush(article_id):
        stale = read_from_database(article_id)  # 0: the 3 hits are still buffered
        hits.flush_buffered_hits()  # moves them while this view is in flight
        return stale

    monkeypatch.setattr(hits, "_stored_hits", read_then_flush)
    Client().get(article.get_absolute_url(), **READER)
    monkeypatch.undo()
    hits.flush_buffered_hits()
    assert Article.objects.get(pk=article.pk).hits == 4
    assert shown(Client().get(article.get_absolute_url(), HTTP_USER_AGENT="bot")) == 4

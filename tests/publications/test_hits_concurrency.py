"""No lost increments: simultaneous new readers each add exactly one hit."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from publications import hits
from publications.models import Article
from tests.factories import ArticleFactory, SeriesFactory

READERS = 60


def burst_of_new_readers(url, count):
    barrier = threading.Barrier(count)
    statuses = []

    def read():
        try:
            barrier.wait(timeout=30)
            response = Client().get(url, HTTP_USER_AGENT="Mozilla/5.0 Firefox/130.0")
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=read) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


@pytest.mark.django_db(transaction=True)
def test_sixty_simultaneous_new_readers_add_exactly_sixty():
    assert connection.vendor == "postgresql", "this test is about PostgreSQL row locking"
    article = ArticleFactory(series=SeriesFactory())
    statuses = burst_of_new_readers(article.get_absolute_url(), READERS)
    assert statuses == [200] * READERS
    assert Article.objects.get(pk=article.pk).hits == READERS


@pytest.mark.django_db(transaction=True)
def test_sixty_simultaneous_new_readers_through_the_redis_buffer(settings, redis_url):
    import redis

    settings.HIT_BUFFER_URL = redis_url + "/4"
    hits._buffer.cache_clear()
    redis.Redis.from_url(settings.HIT_BUFFER_URL).flushdb()
    try:
        article = ArticleFactory(series=SeriesFactory())
        statuses = burst_of_new_readers(article.get_absolute_url(), READERS)
        assert statuses == [200] * READERS
        hits.flush_buffered_hits()
        assert Article.objects.get(pk=article.pk).hits == READERS
    finally:
        hits._buffer.cache_clear()

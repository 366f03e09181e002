"""An article page and its hit count in one Redis round trip (publications.counted_lookup)."""

import dataclasses
import re
import time

import pytest
import redis
from django.core.cache import caches
from django.test import Client

from publications import counted_lookup, hits, page_cache
from publications.hits import flush_buffered_hits
from publications.models import Article
from tests.factories import ArticleFactory

READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"}
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("hits_beside_the_pages"),
]


@pytest.fixture
def round_trips(monkeypatch):
    """The commands sent to Redis, by name, as they are sent."""
    sent = []
    original = redis.connection.AbstractConnection.send_command

    def counting(self, *args, **options):
        sent.append(args[0])
        return original(self, *args, **options)

    monkeypatch.setattr(redis.connection.AbstractConnection, "send_command", counting)
    return sent


def drop_shared_pages():
    client = caches["default"].script_client()
    for key in client.scan_iter(match=f"*{page_cache.KEY_PREFIX}*"):
        client.delete(key)


def shown_hits(response):
    return int(re.search(rb'class="hits-count">(\d+)<', response.content)[1])


def test_a_warm_article_view_is_one_redis_round_trip_for_new_and_counted_readers(
    article, round_trips, django_assert_num_queries
):
    path = article.get_absolute_url()
    Client().get(path, **READER)  # rendered and kept
    Client().get(path, **READER)  # the script is loaded into Redis once (SCRIPT LOAD)
    reader = Client()
    for _ in ("new reader", "counted reader"):
        round_trips.clear()
        with django_assert_num_queries(0):
            assert reader.get(path, **READER).status_code == 200
        assert round_trips == ["EVALSHA"]


def test_views_are_counted_once_whether_the_page_is_current_stale_or_gone(article):
    path = article.get_absolute_url()
    readers = [Client() for _ in range(6)]
    shown = [shown_hits(readers[0].get(path, **READER))]  # rendered
    shown.append(shown_hits(readers[1].get(path, **READER)))  # this process's copy
    ArticleFactory(series=article.series)  # a write anywhere: every page stale
    shown.append(shown_hits(readers[2].get(path, **READER)))  # stale: rendered again
    shown.append(shown_hits(readers[3].get(path, **READER)))  # the new copy
    drop_shared_pages()  # expired, or evicted
    shown.append(shown_hits(readers[4].get(path, **READER)))
    shown.append(shown_hits(readers[5].get(path, **READER)))
    assert shown == [1, 2, 3, 4, 5, 6]
    for reader in readers:  # counted already: shown, not counted again
        assert shown_hits(reader.get(path, **READER)) == 6
    flush_buffered_hits()
    assert Article.objects.get(pk=article.pk).hits == 6


def test_a_copy_of_this_process_is_served_while_current(article):
    path = article.get_absolute_url()
    Client().get(path, **READER)
    Client().get(path, **READER)  # the copy is learned
    copy, _keys = next(iter(counted_lookup._copies.values()))
    copy.parts[0] = copy.parts[0].replace(b"</h1>", b" (this process)</h1>", 1)
    assert b"(this process)" in Client().get(path, **READER).content


def test_a_copy_older_than_the_page_lifetime_is_replaced_by_the_shared_page(article):
    path = article.get_absolute_url()
    Client().get(path, **READER)
    Client().get(path, **READER)
    key, (copy, _keys) = next(iter(counted_lookup._copies.items()))
    copy.parts[0] = copy.parts[0].replace(b"</h1>", b" (this process)</h1>", 1)
    copy.modified = time.time() - page_cache.PAGE_TTL_SECONDS - 1
    page = Client().get(path, **READER)
    assert b"(this process)" not in page.content
    assert counted_lookup._copies[key][0] is not copy


def test_a_page_key_remembered_for_another_article_counts_nothing_against_it(article):
    other = ArticleFactory(series=article.series)
    path = article.get_absolute_url()
    Client().get(path, **READER)
    Client().get(path, **READER)
    key, (copy, _keys) = next(iter(counted_lookup._copies.items()))
    # What a page key showing a moved article would look like.
    counted_lookup.learn(key, dataclasses.replace(copy, article_id=other.pk))
    assert shown_hits(Client().get(path, **READER)) == 3  # counted by the view, once
    flush_buffered_hits()
    assert Article.objects.get(pk=other.pk).hits == 0
    assert Article.objects.get(pk=article.pk).hits == 3


def test_without_hits_in_the_same_redis_the_page_comes_the_usual_way(
    settings, article, round_trips
):
    settings.HIT_BUFFER_URL = ""
    hits._buffer.cache_clear()
    path = article.get_absolute_url()
    Client().get(path, **READER)
    Client().get(path, **READER)
    round_trips.clear()
    page = Client().get(path, **READER)
    assert shown_hits(page) == 3
    assert "EVALSHA" not in round_trips


def test_views_while_redis_is_away_are_counted_in_the_database_and_shown_once_it_is_back(
    article,
):
    from django.test import override_settings

    from tests.services import free_port

    path = article.get_absolute_url()
    nowhere = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    backend = {"BACKEND": "thinktank.redis_cache.SharedClientRedisCache", "LOCATION": nowhere}
    assert shown_hits(Client().get(path, **READER)) == 1  # buffered; the stored 0 mirrored
    Client().get(path, **READER)  # and kept in this process
    with override_settings(CACHES={"default": backend}, HIT_BUFFER_URL=nowhere):
        hits._buffer.cache_clear()
        away = [Client().get(path, **READER) for _ in range(2)]
    hits._buffer.cache_clear()
    assert [page.status_code for page in away] == [200, 200]
    assert Article.objects.get(pk=article.pk).hits == 2  # counted in the database
    # Back: the mirror of the stored count (0) is behind the database (2) and
    # is dropped, so the page shows every view: 2 + 2 buffered + this one.
    assert shown_hits(Client().get(path, **READER)) == 5
    flush_buffered_hits()
    assert Article.objects.get(pk=article.pk).hits == 5

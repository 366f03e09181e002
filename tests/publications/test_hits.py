"""Hit counting: once per reader per article per 24 h; bots, HEAD, prefetch, staff never count."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from publications import hits
from publications.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.clocks  # "once per 24 hours" is counted on the clock

BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"


def view(client, article, **headers):
    headers.setdefault("HTTP_USER_AGENT", BROWSER)
    return client.get(article.get_absolute_url(), **headers)


def stored_hits(article):
    return Article.objects.get(pk=article.pk).hits


def test_first_view_counts_and_shows_the_new_count(client, article):
    response = view(client, article)
    assert stored_hits(article) == 1
    assert 'class="hits-count">1<' in response.content.decode()


def test_same_reader_counts_once_within_24_hours(client, article):
    for _ in range(3):
        view(client, article)
    assert stored_hits(article) == 1


def test_each_new_reader_counts(article):
    for _ in range(3):
        view(Client(), article)
    assert stored_hits(article) == 3


def test_reader_counts_again_after_24_hours(client, article):
    yesterday = int(time.time()) - hits.WINDOW_SECONDS - 5
    client.cookies[hits.COOKIE_NAME] = f"{article.pk}.{yesterday}"
    view(client, article)
    assert stored_hits(article) == 1


def test_reading_another_article_counts_that_article_too(client, article):
    other = ArticleFactory(series=article.series)
    view(client, article)
    view(client, other)
    view(client, article)
    assert (stored_hits(article), stored_hits(other)) == (1, 1)


def test_garbled_cookie_is_ignored_not_an_error(client, article):
    client.cookies[hits.COOKIE_NAME] = "x.y-<script>-99999999999999999999.1"
    assert view(client, article).status_code == 200
    assert stored_hits(article) == 1


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "facebookexternalhit/1.1",
        "Baiduspider",
        "SomeCrawler/1.0",
        "",
    ],
)
def test_crawlers_do_not_count(client, article, agent):
    view(client, article, HTTP_USER_AGENT=agent)
    assert stored_hits(article) == 0


def test_head_requests_do_not_count(client, article):
    assert client.head(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER).status_code == 200
    assert stored_hits(article) == 0


@pytest.mark.parametrize(
    "header",
    [{"HTTP_SEC_PURPOSE": "prefetch"}, {"HTTP_PURPOSE": "prefetch"}, {"HTTP_X_MOZ": "prefetch"}],
)
def test_prefetches_do_not_count(client, article, header):
    view(client, article, **header)
    assert stored_hits(article) == 0


def test_staff_views_and_previews_do_not_count(client, admin_user, article):
    draft = ArticleFactory(series=article.series, status="draft")
    client.force_login(admin_user)
    view(client, article)
    view(client, draft)
    assert (stored_hits(article), stored_hits(draft)) == (0, 0)


def test_anonymous_readers_get_no_session_row(article):
    for _ in range(5):
        view(Client(), article)
    assert Session.objects.count() == 0


def test_cookie_remembers_at_most_the_limit(client, series):
    now = int(time.time())
    seen = {n: now - n for n in range(1, hits.MAX_REMEMBERED + 50)}
    assert len(hits.parse_seen(hits.format_seen(seen), now)) == hits.MAX_REMEMBERED


@pytest.fixture
def redis_buffer(settings, redis_url):
    """Buffer hits in the throwaway Redis, as production does with CACHE_URL=redis://."""
    import redis

    settings.HIT_BUFFER_URL = redis_url + "/3"
    hits._buffer.cache_clear()
    redis.Redis.from_url(settings.HIT_BUFFER_URL).flushdb()
    yield
    hits._buffer.cache_clear()


def test_buffered_hits_are_shown_before_and_kept_after_the_flush(redis_buffer, article):
    Article.objects.filter(pk=article.pk).update(hits=100)
    view(Client(), article)
    response = view(Client(), article)
    assert stored_hits(article) == 100  # still buffered
    assert 'class="hits-count">102<' in response.content.decode()
    assert hits.flush_buffered_hits() == 2
    assert stored_hits(article) == 102
    assert hits.pending_hits(article.pk) == 0
    assert (
        'class="hits-count">102<' in view(Client(), article, HTTP_USER_AGENT="bot").content.decode()
    )


def test_concurrent_flushes_never_move_the_same_hits_twice(redis_buffer, transactional_db):
    import threading

    from django.db import connections

    article = ArticleFactory()
    buffer = hits._buffer()
    buffer.set(f"{hits.BUFFER_PREFIX}{article.pk}", 500)
    barrier = threading.Barrier(4)

    def flush():
        try:
            barrier.wait(timeout=10)
            hits.flush_buffered_hits()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=flush) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert stored_hits(article) == 500
    assert hits.pending_hits(article.pk) == 0


def test_a_failed_flush_puts_the_hits_back(redis_buffer, article, monkeypatch):
    from django.db import DatabaseError

    view(Client(), article)
    view(Client(), article)

    def broken_update(self, **kwargs):
        raise DatabaseError("database went away")

    monkeypatch.setattr("django.db.models.query.QuerySet.update", broken_update)
    with pytest.raises(DatabaseError):
        hits.flush_buffered_hits()
    monkeypatch.undo()
    assert hits.pending_hits(article.pk) == 2
    assert hits.flush_buffered_hits() == 2
    assert stored_hits(article) == 2

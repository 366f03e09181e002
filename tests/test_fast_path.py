"""Cached public pages answered before the rest of the middleware stack (publications.fast_path)."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from publications.models import Article
from tests.factories import ArticleFactory, AuthorFactory

READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"}
# Writes must really commit: cached pages are dropped by articles_changed,
# which is sent once the writing transaction has committed.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def shared_cache(settings, redis_cache):
    settings.PAGE_CACHE = True
    return redis_cache


@pytest.fixture
def pages(article):
    """Every kind of page the fast path keeps, in the article's edition."""
    return {
        "article": article.get_absolute_url(),
        "home": reverse("publications:home"),
        "series": article.series.get_absolute_url(),
        "tag": reverse("publications:tag", kwargs={"slug": "usrussiarelations"}),
        "author": article.ordered_authors()[0].get_absolute_url(),
        "feed": reverse("publications:feed"),
        "series feed": reverse("publications:series_feed", kwargs={"slug": article.series.slug}),
        "sitemap": reverse("sitemap"),
    }


def queries_of(client, path, **extra):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **READER, **extra)
    return response, len(captured)


# Values of one response only: the hit count and CSRF token in the article
# page change its length and validator; the request id is per request.
PER_RESPONSE = {"content-length", "etag", "x-request-id"}


@pytest.mark.parametrize("kind", ["article", "home", "series", "tag", "author", "feed", "sitemap"])
@pytest.mark.parametrize("secure", [False, True], ids=["http", "https"])
def test_a_cached_answer_carries_the_headers_of_the_whole_stack(kind, secure, pages, settings):
    settings.SECURE_HSTS_SECONDS = 3600  # sent on https only, by SecurityMiddleware
    path = pages[kind]
    rendered, _ = queries_of(Client(), path, secure=secure)
    cached, queries = queries_of(Client(), path, secure=secure)
    assert rendered.status_code == cached.status_code == 200
    assert queries <= 1  # it came from the cache
    assert rendered.content.count(b"\n") == cached.content.count(b"\n")

    def headers(response):
        return {k.lower(): v for k, v in response.items() if k.lower() not in PER_RESPONSE}

    assert headers(cached) == headers(rendered)
    assert set(cached.cookies) == set(rendered.cookies)
    for name in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options"):
        assert name in cached
    assert cached["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert ("Strict-Transport-Security" in cached) is secure


@pytest.mark.parametrize(
    "kind", ["home", "series", "tag", "author", "feed", "series feed", "sitemap"]
)
def test_a_cached_list_feed_or_sitemap_runs_no_query(kind, pages):
    first, _ = queries_of(Client(), pages[kind])
    again, queries = queries_of(Client(), pages[kind])
    assert queries == 0
    assert again.content == first.content


def test_a_warm_article_view_runs_one_query_for_a_new_and_a_counted_reader(article):
    path = article.get_absolute_url()
    Client().get(path, **READER)
    reader = Client()
    _, new_reader = queries_of(reader, path)
    _, counted_reader = queries_of(reader, path)
    assert new_reader <= 1 and counted_reader <= 1


def test_hit_counts_stay_exact_when_views_come_from_the_cache(article):
    readers = [Client() for _ in range(5)]
    pages = [reader.get(article.get_absolute_url(), **READER) for reader in readers]
    assert [re.search(rb'class="hits-count">(\d+)<', p.content)[1] for p in pages] == [
        b"1",
        b"2",
        b"3",
        b"4",
        b"5",
    ]
    for reader in readers:  # already counted: shown, not counted again
        assert b'class="hits-count">5<' in reader.get(article.get_absolute_url(), **READER).content
    article.refresh_from_db()
    assert article.hits == 5


def test_the_csrf_token_of_a_cached_page_is_good_for_its_reader(article):
    Client().get(article.get_absolute_url(), **READER)  # cache it
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(article.get_absolute_url(), **READER)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    assert "csrftoken" in page.cookies
    send = reverse("mailing:send")
    assert reader.post(send, {"csrfmiddlewaretoken": token}, **READER).status_code != 403
    stranger = Client(enforce_csrf_checks=True)
    stranger.get(article.get_absolute_url(), **READER)
    assert stranger.post(send, {"csrfmiddlewaretoken": token}, **READER).status_code == 403


def test_a_reader_keeps_the_csrf_cookie_it_came_with(article):
    Client().get(article.get_absolute_url(), **READER)  # cache it
    reader = Client()
    reader.get(article.get_absolute_url(), **READER)
    secret = reader.cookies["csrftoken"].value
    again = reader.get(article.get_absolute_url(), **READER)
    assert again.cookies["csrftoken"].value == secret


# --- Revalidation ------------------------------------------------------------------


def test_a_list_page_answers_304_to_a_reader_whose_copy_is_current(pages):
    first = Client().get(pages["series"], **READER)
    assert first["Cache-Control"] == "public, no-cache"
    assert "Last-Modified" in first
    again = Client().get(pages["series"], HTTP_IF_NONE_MATCH=first["ETag"], **READER)
    assert again.status_code == 304 and again.content == b""
    since = Client().get(pages["series"], HTTP_IF_MODIFIED_SINCE=first["Last-Modified"], **READER)
    assert since.status_code == 304


def test_a_list_page_changed_since_answers_200_with_its_new_content(pages, article):
    first = Client().get(pages["series"], **READER)
    ArticleFactory(series=article.series, title="A brand new analysis")
    again = Client().get(pages["series"], HTTP_IF_NONE_MATCH=first["ETag"], **READER)
    assert again.status_code == 200
    assert "A brand new analysis" in again.text


def test_an_article_page_answers_304_only_while_its_reader_copy_is_exact(article):
    path = article.get_absolute_url()
    reader = Client()
    first = reader.get(path, **READER)  # counted: 1
    assert first["Cache-Control"] == "private, no-cache"
    again = reader.get(path, HTTP_IF_NONE_MATCH=first["ETag"], **READER)
    assert again.status_code == 304  # same count, same CSRF cookie
    Client().get(path, **READER)  # another reader: the count is 2 now
    changed = reader.get(path, HTTP_IF_NONE_MATCH=first["ETag"], **READER)
    assert changed.status_code == 200
    assert b'class="hits-count">2<' in changed.content
    without_cookie = Client().get(path, HTTP_IF_NONE_MATCH=changed["ETag"], **READER)
    assert without_cookie.status_code == 200  # its token would not match its cookie


def test_a_new_reader_revalidating_is_still_counted(article):
    path = article.get_absolute_url()
    first = Client().get(path, **READER)
    Client().get(path, HTTP_IF_NONE_MATCH=first["ETag"], **READER)
    article.refresh_from_db()
    assert article.hits == 2


# --- What is never shared ---------------------------------------------------------


def test_a_signed_in_reader_gets_the_page_rendered_for_them(admin_user, article):
    Client().get(article.get_absolute_url(), **READER)  # cache it
    staff = Client()
    staff.force_login(admin_user)
    response, queries = queries_of(staff, article.get_absolute_url())
    assert "Edit in admin" in response.text
    assert queries > 1
    assert "ETag" not in response


def test_a_page_rendered_for_staff_is_not_kept_for_readers(admin_user, article):
    staff = Client()
    staff.force_login(admin_user)
    staff.get(article.get_absolute_url(), **READER)
    staff.get(reverse("publications:home"), **READER)
    assert "Edit in admin" not in Client().get(article.get_absolute_url(), **READER).text
    _, queries = queries_of(Client(), reverse("publications:home"))
    assert queries > 0  # rendered for this reader: staff left nothing behind


def test_not_found_pages_are_not_kept(article):
    missing = reverse("publications:series", kwargs={"slug": "no-such-series"})
    assert Client().get(missing, **READER).status_code == 404
    _, queries = queries_of(Client(), missing)
    assert queries > 0


def test_search_results_are_kept(article):
    # A shared page since issue 10's numbers; search.cache.bump_index_generation
    # makes it stale when the index changes (tests/search/test_cached_page.py).
    search = reverse("search:results") + "?q=summit"
    Client().get(search, **READER)
    response, queries = queries_of(Client(), search)
    assert queries == 0
    assert "ETag" in response


def test_the_root_is_never_kept_and_varies_on_the_language(article):
    english = Client().get("/", HTTP_ACCEPT_LANGUAGE="en", **READER)
    korean = Client().get("/", HTTP_ACCEPT_LANGUAGE="ko", **READER)
    assert english.status_code == korean.status_code == 302
    assert english["Location"] != korean["Location"]


def test_a_page_answers_each_query_string_on_its_own(article):
    series = article.series
    ArticleFactory.create_batch(11, series=series)
    first = Client().get(series.get_absolute_url(), **READER)
    second = Client().get(series.get_absolute_url() + "?page=2", **READER)
    assert first.content != second.content
    assert "Page 2 of 2" in second.text


def test_a_page_answers_each_host_on_its_own(settings, article):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    Client().get(reverse("publications:home"), **READER)
    _, queries = queries_of(Client(), reverse("publications:home"), HTTP_HOST="other.example")
    assert queries > 0


def test_a_disallowed_host_is_refused_not_served(article):
    Client().get(reverse("publications:home"), **READER)
    refused = Client().get(reverse("publications:home"), HTTP_HOST="evil.example", **READER)
    assert refused.status_code == 400


def test_nothing_is_kept_when_the_setting_is_off(settings, article):
    settings.PAGE_CACHE = False
    Client().get(reverse("publications:home"), **READER)
    response, queries = queries_of(Client(), reverse("publications:home"))
    assert queries > 0
    assert "ETag" not in response


# --- Lists: a fixed number of queries, invalidated by articles_changed ----------


@pytest.mark.parametrize("kind", ["home", "series", "tag", "author"])
def test_an_uncached_list_page_runs_at_most_four_queries_whatever_its_length(
    kind, pages, article, shared_cache
):
    author = article.ordered_authors()[0]
    counts = []
    for batch in (0, 25):
        for _ in range(batch):
            ArticleFactory(
                series=article.series,
                authors=[author, AuthorFactory()],
                tags=["USRussiaRelations", "Cybersecurity"],
            )
        shared_cache.clear()
        response, queries = queries_of(Client(), pages[kind])
        assert response.status_code == 200
        counts.append(queries)
    assert counts[0] == counts[1] <= 4


def test_an_edit_shows_on_every_cached_list_at_once(pages, article):
    for kind in ("home", "series", "tag", "author", "feed", "sitemap"):
        Client().get(pages[kind], **READER)
    article.title = "A renamed analysis"
    article.save()
    for kind in ("home", "series", "tag", "author", "feed"):
        assert "A renamed analysis" in Client().get(pages[kind], **READER).content.decode(), kind


def test_an_unpublished_article_leaves_every_cached_list_at_once(pages, article):
    for kind in ("home", "series", "feed", "sitemap"):
        assert article.slug in Client().get(pages[kind], **READER).content.decode()
    Article.objects.filter(pk=article.pk).update(status="draft")
    for kind in ("home", "series", "feed", "sitemap"):
        assert article.slug not in Client().get(pages[kind], **READER).content.decode(), kind


# --- Settings that keep a warm view at one statement ---------------------------


def test_connections_are_not_health_checked_on_every_request(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is False


def test_pages_are_still_served_when_the_cache_is_out_of_reach(article):
    from django.test import override_settings

    from tests.services import free_port

    nowhere = {
        "BACKEND": "thinktank.redis_cache.SharedClientRedisCache",
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
    }
    with override_settings(CACHES={"default": nowhere}):
        for path in (reverse("publications:home"), article.series.get_absolute_url()):
            response = Client().get(path, **READER)
            assert response.status_code == 200
            assert "ETag" not in response  # rendered, and not kept

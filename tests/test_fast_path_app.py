"""Cached article pages answered before Django's handler (publications.fast_path.FastPathApp).

These tests call the WSGI application gunicorn runs (thinktank.wsgi), not
Django's test client, which starts at Django's own handler.
"""

import logging
import re

import pytest
from django.core.signals import request_started
from django.test import RequestFactory

from publications import counted_lookup, hits
from publications.hits import flush_buffered_hits
from publications.models import Article
from tests.factories import ArticleFactory
from thinktank.wsgi import application

READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"}
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("hits_beside_the_pages"),
]


@pytest.fixture
def handled_by_django():
    """The requests that reached Django's handler (it sends request_started), as a list."""
    started = []

    def receiver(**kwargs):
        started.append(kwargs)

    request_started.connect(receiver)
    yield started
    request_started.disconnect(receiver)


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        return [value for key, value in self.headers if key.lower() == name.lower()]

    def cookie(self, name):
        for value in self.header("Set-Cookie"):
            if value.startswith(f"{name}="):
                return value.split(";")[0]
        return None

    @property
    def hits(self):
        return int(re.search(rb'class="hits-count">(\d+)<', self.body)[1])


def get(path, cookies=(), app=application, method="get", **extra):
    """One request to `app` as gunicorn would make it; the Answer."""
    if cookies:
        extra["HTTP_COOKIE"] = "; ".join(cookies)
    environ = getattr(RequestFactory(), method)(path, **READER, **extra).environ
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=headers)

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return Answer(answer["status"], answer["headers"], body)


def warm(path):
    get(path)  # rendered and kept; this process keeps a copy of the page


def test_a_warm_article_page_is_answered_before_djangos_handler(article, handled_by_django):
    path = article.get_absolute_url()
    warm(path)
    handled_by_django.clear()
    page = get(path)
    assert page.status == "200 OK"
    assert page.hits == 2
    assert handled_by_django == []


def test_views_are_counted_once_per_reader(article, handled_by_django):
    path = article.get_absolute_url()
    warm(path)
    handled_by_django.clear()
    first = get(path)
    seen, csrf = first.cookie(hits.COOKIE_NAME), first.cookie("csrftoken")
    assert seen and csrf
    again = get(path, cookies=[seen, csrf])
    other = get(path)
    assert [first.hits, again.hits, other.hits] == [2, 2, 3]
    assert again.cookie(hits.COOKIE_NAME) is None  # already counted: the cookie is unchanged
    assert handled_by_django == []
    flush_buffered_hits()
    assert Article.objects.get(pk=article.pk).hits == 3


def test_its_answer_is_the_one_the_whole_stack_gives(article, handled_by_django):
    path = article.get_absolute_url()
    warm(path)
    handled_by_django.clear()
    early = get(path)
    assert handled_by_django == []
    # The same page through Django's handler and the middleware (which
    # answers from the same copy with the same replay).
    late = get(path, app=application.django_application)

    def named(answer):
        return sorted(key.lower() for key, _ in answer.headers)

    def fixed(answer):
        per_view = {"set-cookie", "etag", "x-request-id", "content-length"}
        return sorted((k.lower(), v) for k, v in answer.headers if k.lower() not in per_view)

    def cookies(answer):  # each cookie's name and attributes: its value and date are per view
        return sorted(
            re.sub(r"^([^=]+)=[^;]*|(expires)=[^;]*", r"\1\2=", line.strip())
            for line in answer.header("Set-Cookie")
        )

    def page(answer):
        masked = re.sub(rb'class="hits-count">\d+<', b"", answer.body)
        return re.sub(rb'value="[^"]{40,}"', b'value=""', masked)  # CSRF token, signed start

    assert early.status == late.status == "200 OK"
    assert named(early) == named(late)
    assert fixed(early) == fixed(late)
    assert cookies(early) == cookies(late)
    assert len(cookies(early)) == 2  # a new reader: the hit cookie and the CSRF cookie
    assert page(early) == page(late)
    assert "Content-Security-Policy" in {key for key, _ in early.headers}


def test_each_answer_is_logged_with_its_request_id(article, caplog, handled_by_django):
    path = article.get_absolute_url()
    warm(path)
    caplog.clear()
    handled_by_django.clear()
    with caplog.at_level(logging.INFO, logger="thinktank.request"):
        page = get(path, HTTP_X_REQUEST_ID="edge-42")
    assert page.header("X-Request-ID") == ["edge-42"]
    [line] = [record for record in caplog.records if record.name == "thinktank.request"]
    assert (line.method, line.path, line.status, line.request_id) == ("GET", path, 200, "edge-42")
    assert handled_by_django == []


def test_a_reader_whose_copy_is_current_gets_304(article, handled_by_django):
    path = article.get_absolute_url()
    warm(path)
    first = get(path)
    cookies = [first.cookie(hits.COOKIE_NAME), first.cookie("csrftoken")]
    handled_by_django.clear()
    again = get(path, cookies=cookies, HTTP_IF_NONE_MATCH=first.header("ETag")[0])
    assert again.status.startswith("304")
    assert again.body == b""
    assert handled_by_django == []


@pytest.mark.parametrize(
    "request_kind",
    ["HEAD", "POST", "a signed-in reader", "a page not kept", "a page made stale"],
)
def test_other_requests_go_through_django(article, handled_by_django, request_kind, settings):
    path = article.get_absolute_url()
    warm(path)
    before = get(path).hits
    handled_by_django.clear()
    if request_kind == "HEAD":
        get(path, method="head")
    elif request_kind == "POST":
        get(path, method="post")
    elif request_kind == "a signed-in reader":
        get(path, cookies=[f"{settings.SESSION_COOKIE_NAME}=abc"])
    elif request_kind == "a page not kept":
        get(article.series.get_absolute_url())
    else:
        ArticleFactory(series=article.series)  # a write anywhere: every page stale
        assert get(path).hits == before + 1  # rendered again, counted once
    assert len(handled_by_django) == 1


def test_a_forwarded_proto_from_an_untrusted_address_is_ignored(
    article, settings, handled_by_django
):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    path = article.get_absolute_url()
    warm(path)
    handled_by_django.clear()
    page = get(path, HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="192.0.2.9")
    # The http page, answered early: the claim of https was not believed.
    assert page.status == "200 OK"
    assert handled_by_django == []
    assert "Strict-Transport-Security" not in {key for key, _ in page.headers}


def test_without_hits_in_the_cache_redis_every_request_goes_through_django(
    article, settings, handled_by_django
):
    settings.HIT_BUFFER_URL = ""  # hits counted elsewhere: the one-round-trip lookup cannot work
    hits._buffer.cache_clear()
    path = article.get_absolute_url()
    warm(path)
    handled_by_django.clear()
    assert get(path).hits == 2
    assert len(handled_by_django) == 1
    assert not counted_lookup.has_copies()

import datetime
import logging
import os

import pytest
import time_machine

from tests import services
from tests.factories import ArticleFactory, AuthorFactory, SeriesFactory

# Server threads (SMTP, live server) may log after pytest has closed the stream
# it captured; drop such late lines instead of printing "--- Logging error ---".
logging.raiseExceptions = False


# --- One policy for missing services: the run fails, nothing is skipped ----------


def _no_skips(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        reason = str(reason).removeprefix("Skipped: ")
        report.longrepr = f"Skipped, which this suite does not allow: {reason}"
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A skip is a failure: every test needs only what `make test` provides.

    A test that cannot run here (no PostgreSQL, Redis, Celery, SMTP, Chromium)
    must say so by failing, or the suite would pass without checking anything.
    """
    return _no_skips((yield))


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    return _no_skips((yield))


# --- Clocks: date tests run at several hours of the UTC day ---------------------

# TIME_ZONE is Asia/Seoul (UTC+9). At 03:00 UTC it is the same calendar day in
# Seoul; at 20:00 UTC it is already the next day (and here the next year), so a
# test that mixes up UTC and local dates fails under one of the two.
CLOCKS = {
    "0300utc": datetime.datetime(2026, 12, 31, 3, 0, tzinfo=datetime.UTC),
    "2000utc": datetime.datetime(2026, 12, 31, 20, 0, tzinfo=datetime.UTC),
}
OTHER_PROCESSES = {"live_server", "browser_page", "make_worker", "worker_env"}


def pytest_generate_tests(metafunc):
    if metafunc.definition.get_closest_marker("clocks"):
        metafunc.parametrize("clock", list(CLOCKS), indirect=True)


@pytest.fixture(autouse=True)
def clock(request):
    """Under `@pytest.mark.clocks`, the test runs once per clock in CLOCKS.

    The clock starts at that moment and ticks on, for this process only
    (time-machine): tests with a live server or a Celery worker cannot use it.
    Unmarked tests get None and the real clock.
    """
    name = getattr(request, "param", None)
    if name is None:
        yield None
        return
    other = OTHER_PROCESSES.intersection(request.fixturenames)
    if other:
        pytest.fail(f"@pytest.mark.clocks cannot move the clock of {sorted(other)}")
    with time_machine.travel(CLOCKS[name], tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.SITE_URL = "http://testserver"
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _english_edition():
    """Tests speak English unless they say otherwise (the factories make English
    articles); the bilingual tests switch with translation.override("ko").

    Each test starts in English whatever the request before it activated
    (LocaleMiddleware leaves the URL's language active in the thread).
    """
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def client():
    """A reader (or editor) whose browser asks for English: the admin and the
    unprefixed pages answer in English, as most tests expect."""
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def redis_url():
    """The throwaway Redis that `make test` starts (bin/with-services)."""
    return services.required(services.redis_url)


@pytest.fixture
def hits_beside_the_pages(settings, redis_cache):
    """Production's arrangement: pages and buffered hits in one Redis (counted_lookup)."""
    from publications import counted_lookup, hits

    settings.PAGE_CACHE = True
    settings.HIT_BUFFER_URL = redis_cache.server_url()
    hits._buffer.cache_clear()
    counted_lookup._copies.clear()
    yield
    hits._buffer.cache_clear()
    counted_lookup._copies.clear()


@pytest.fixture
def redis_cache(settings, redis_url):
    """Django's cache on the real Redis (a database of its own), as production shares it."""
    settings.CACHES = {
        "default": {
            "BACKEND": "thinktank.redis_cache.SharedClientRedisCache",
            "LOCATION": f"{redis_url}/5",
        }
    }
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) on a free port that keeps what it receives."""
    server = services.SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def eager_celery():
    """Tasks run in-process when enqueued (Celery's own eager mode)."""
    from thinktank.celery import app as celery_app

    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield celery_app
    celery_app.conf.task_always_eager = previous


CHROMIUM = "/usr/bin/chromium"
# Debian's Chromium, quiet: this machine has no network beyond loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP_BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Safari/537.36"
)


@pytest.fixture
def browser_page(live_server, settings):
    """A Playwright page in a real Chromium, pointed at the live test server."""
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is needed for the browser tests (bin/system-deps installs it).")
    settings.SITE_URL = live_server.url
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs a loop
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser.new_page(user_agent=DESKTOP_BROWSER)
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def series(db):
    return SeriesFactory(name="IFANS Focus", slug="ifans-focus")


@pytest.fixture
def author(db):
    return AuthorFactory(name="LEE TaeRim", slug="lee-taerim", title="Professor")


@pytest.fixture
def article(series, author):
    return ArticleFactory(
        series=series,
        title="An Analysis of the Biden-Putin Summit",
        slug="an-analysis-of-the-biden-putin-summit",
        authors=[author],
        tags=["USRussiaRelations", "BidenPutinSummit"],
    )


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user(
        "editor", "editor@example.org", "pw-editor-123", is_staff=True, is_superuser=True
    )
    client.force_login(user)
    return client

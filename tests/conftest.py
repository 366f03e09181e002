import logging
import os

import pytest

from tests.factories import ArticleFactory, AuthorFactory, SeriesFactory

# Server threads (SMTP, live server) may log after pytest has closed the stream
# it captured; drop such late lines instead of printing "--- Logging error ---".
logging.raiseExceptions = False


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
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def redis_url():
    """The throwaway Redis that `make test` starts (bin/with-services)."""
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.fail("TEST_REDIS_URL is not set: run the suite with `make test`.")
    return url


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

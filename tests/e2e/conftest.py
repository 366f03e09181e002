"""Browser fixtures for the reading-experience tests (tests/e2e/reading.py has the pages)."""

import os

import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP_BROWSER
from tests.e2e import reading


@pytest.fixture
def site(settings, broker):
    """The content every page state needs; mail is accepted at once (real Redis broker)."""
    settings.MAILING_MIN_FILL_SECONDS = 0
    return reading.build_site()


@pytest.fixture
def broker(redis_url):
    from tests.mailing.conftest import BROKER_DB
    from tests.services import Broker, use_broker
    from thinktank.celery import app as celery_app

    previous = (celery_app.conf.broker_url, celery_app.conf.broker_transport_options)
    b = Broker(redis_url, BROKER_DB)
    b.flush()
    b.use()
    yield b
    b.flush()
    use_broker(celery_app, previous[0])
    celery_app.conf.broker_transport_options = previous[1]


@pytest.fixture
def chromium(live_server, settings):
    """A real Chromium; `new_page(**context_options)` opens a page in a fresh context.

    Contexts bypass the page's Content-Security-Policy so that axe-core can be
    injected: the site's own scripts still run as they would for a reader.
    """
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is needed for the browser tests (bin/system-deps installs it).")
    settings.SITE_URL = live_server.url
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs a loop
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

            def new_page(**options):
                options.setdefault("user_agent", DESKTOP_BROWSER)
                options.setdefault("bypass_csp", True)
                options.setdefault("viewport", {"width": 1280, "height": 900})
                return browser.new_context(**options).new_page()

            yield new_page
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

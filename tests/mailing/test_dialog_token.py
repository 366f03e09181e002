"""The dialog in a real Chromium: a start token sends one mail, so it takes a new one."""

import pytest
from playwright.sync_api import expect

from mailing.models import Mail
from tests.services import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser_page, settings, broker):
    settings.MAILING_MIN_FILL_SECONDS = 0
    return browser_page


def test_after_a_send_the_dialog_can_send_to_someone_else(page, live_server, article):
    page.goto(live_server.url + article.get_absolute_url())
    page.get_by_role("button", name="Send Email").click()
    started = page.locator("#mail_started")
    first_token = started.input_value()

    page.get_by_label("Recipient email").fill("one@example.org")
    page.get_by_label("Message").fill("Worth reading.")
    page.get_by_role("button", name="Send", exact=True).click()
    page.locator("[data-mail-status]").filter(has_text="accepted").wait_for()
    # A locator assertion, not wait_for_function: that one evaluates its
    # predicate with eval() in the page, which the page's CSP may refuse.
    expect(started).not_to_have_value(first_token)

    page.get_by_label("Recipient email").fill("two@example.org")
    page.get_by_label("Message").fill("You too.")
    page.get_by_role("button", name="Send", exact=True).click()
    wait_for(lambda: Mail.objects.count() == 2, timeout=10, what="the second mail stored")
    page.locator("[data-mail-status]").filter(has_text="accepted").wait_for()
    assert sorted(Mail.objects.values_list("recipient", flat=True)) == [
        "one@example.org",
        "two@example.org",
    ]

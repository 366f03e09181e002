"""The dialog in a real Chromium: opens, traps focus, closes on Esc, sends in place."""

import pytest

from mailing.models import Mail

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser_page, settings, broker):
    settings.MAILING_MIN_FILL_SECONDS = 0
    return browser_page


def test_dialog_opens_with_focus_inside_closes_on_escape_and_returns_focus(
    page, live_server, article
):
    page.goto(live_server.url + article.get_absolute_url())
    dialog = page.locator("#send-email-dialog")
    assert not dialog.is_visible()
    page.get_by_role("button", name="Send Email").click()
    assert dialog.is_visible()
    assert page.evaluate("document.activeElement.id") == "mail_recipient"
    assert page.get_by_label("Content address").input_value() == article.absolute_url
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement.textContent.trim()") == "Send Email"


FOCUSED = """() => {
    const el = document.activeElement;
    return {
        inside: document.getElementById("send-email-dialog").contains(el),
        name: el.getAttribute("aria-label") || el.id || el.textContent.trim(),
    };
}"""


def test_dialog_traps_focus_tab_wraps_from_last_to_first_and_back(page, live_server, article):
    page.goto(live_server.url + article.get_absolute_url())
    page.get_by_role("button", name="Send Email").click()
    page.get_by_role("button", name="Cancel").focus()  # the last focusable element
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) == {"inside": True, "name": "Close"}  # the first
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED) == {"inside": True, "name": "Cancel"}
    seen = []
    for _ in range(12):  # round the dialog more than once: focus never leaves it
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["inside"], f"focus left the dialog after {seen}"
        seen.append(focused["name"])
    assert {"Close", "mail_recipient", "mail_message", "Send", "Cancel"} <= set(seen)


def test_dialog_sends_in_place_and_shows_errors_inside(page, live_server, article):
    page.goto(live_server.url + article.get_absolute_url())
    page.get_by_role("button", name="Send Email").click()
    page.get_by_label("Recipient email").fill("friend@example.org")
    page.get_by_label("Message").fill("See https://spam.example")
    page.get_by_role("button", name="Send", exact=True).click()
    errors = page.locator("#mail_message_error")
    errors.wait_for(state="visible")
    assert "added automatically" in errors.inner_text()
    assert page.get_by_label("Message").get_attribute("aria-invalid") == "true"
    assert not Mail.objects.exists()

    page.get_by_label("Message").fill("Worth reading.")
    page.get_by_role("button", name="Send", exact=True).click()
    status = page.locator("[data-mail-status]")
    status.filter(has_text="accepted").wait_for()
    assert page.locator("#send-email-dialog").is_visible()  # still on the same page
    assert page.url == live_server.url + article.get_absolute_url()
    assert Mail.objects.get().recipient == "friend@example.org"

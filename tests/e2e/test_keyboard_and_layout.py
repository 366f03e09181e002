"""Keyboard use, reflow, text spacing and the reading measure, in a real Chromium."""

import pytest

from tests.e2e import reading

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FOCUSED = """() => {
    const el = document.activeElement;
    return {
        inside: document.getElementById("send-email-dialog").contains(el),
        status: el.hasAttribute("data-mail-status"),
        tag: el.tagName,
        text: el.textContent.trim(),
    };
}"""


def _open_dialog_with_keyboard(page, live_server, site):
    page.goto(live_server.url + site.english.get_absolute_url())
    page.get_by_role("button", name="Send Email").focus()
    page.keyboard.press("Space")  # a real button: Space opens it (a link would scroll)
    page.locator("#send-email-dialog[open]").wait_for()


def test_send_email_is_a_button_that_space_opens(chromium, live_server, site):
    page = chromium()
    _open_dialog_with_keyboard(page, live_server, site)
    assert page.evaluate("document.activeElement.id") == "mail_recipient"
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Send Email"


def test_after_a_send_focus_moves_to_the_status_message_inside_the_dialog(
    chromium, live_server, site
):
    page = chromium()
    _open_dialog_with_keyboard(page, live_server, site)
    page.keyboard.type("friend@example.org")
    page.get_by_label("Message").fill("Worth reading.")
    page.get_by_role("button", name="Send", exact=True).focus()
    page.keyboard.press("Enter")
    page.locator(".mail-status-ok").wait_for()
    focused = page.evaluate(FOCUSED)
    assert focused["inside"] and focused["status"], focused
    assert "accepted" in focused["text"]
    page.keyboard.press("Tab")  # and Tab goes on inside the dialog, not from <body>
    assert page.evaluate(FOCUSED)["inside"]


def test_a_refused_send_also_leaves_focus_on_the_status_message(
    chromium, live_server, site, settings
):
    settings.MAILING_RATE_PER_IP = "0/h"  # the limit is reached at once: a 429
    page = chromium()
    _open_dialog_with_keyboard(page, live_server, site)
    page.keyboard.type("friend@example.org")
    page.get_by_label("Message").fill("Worth reading.")
    page.get_by_role("button", name="Send", exact=True).click()
    page.locator(".mail-status-error").wait_for()
    focused = page.evaluate(FOCUSED)
    assert focused["inside"] and focused["status"], focused


def test_field_errors_are_described_by_their_messages(chromium, live_server, site):
    page = chromium()
    _open_dialog_with_keyboard(page, live_server, site)
    page.keyboard.type("friend@example.org")
    page.get_by_label("Message").fill("See https://spam.example")
    page.get_by_role("button", name="Send", exact=True).click()
    page.locator("#mail_message_error li").wait_for()
    message = page.get_by_label("Message")
    assert page.evaluate("document.activeElement.id") == "mail_message"
    assert message.get_attribute("aria-invalid") == "true"
    described = message.get_attribute("aria-describedby").split()
    assert "mail_message_error" in described
    content = page.get_by_label("Content address")
    assert content.get_attribute("readonly") is not None
    assert page.locator(f"#{content.get_attribute('aria-describedby')}").inner_text() == (
        site.english.title
    )


def test_the_no_javascript_mail_page_names_its_errors(chromium, live_server, site):
    page = chromium(java_script_enabled=False)
    page.goto(live_server.url + site.english.get_absolute_url())
    page.get_by_role("button", name="Send Email").click()  # the GET form: the mail page
    page.wait_for_url("**/mail/send/**")
    page.get_by_label("Recipient email").fill("not an address")
    page.get_by_label("Message").fill("Worth reading.")
    with page.expect_navigation():
        page.get_by_role("button", name="Send", exact=True).click()
    assert page.title().startswith("Error:")
    recipient = page.get_by_label("Recipient email")
    error_id = recipient.get_attribute("aria-describedby")
    assert page.locator(f"#{error_id}").inner_text().strip()  # the id exists and says why
    summary = page.locator(".mail-error-summary a")
    assert (
        summary.first.get_attribute("href") == "#mail_recipient"
        or summary.first.get_attribute("href") == f"#{recipient.get_attribute('id')}"
    )


def test_the_phone_menu_opens_with_the_keyboard_and_without_javascript(chromium, live_server, site):
    for scripts in (True, False):
        page = chromium(viewport={"width": 390, "height": 844}, java_script_enabled=scripts)
        page.goto(live_server.url + reading.in_language("en", "publications:home"))
        series_link = page.locator(".site-nav").get_by_role("link", name="IFANS Focus")
        assert not series_link.is_visible()
        menu = page.locator("summary.menu-button")
        menu.focus()
        page.keyboard.press("Enter")
        assert series_link.is_visible(), f"menu closed after Enter (JavaScript {scripts})"
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('.menu-panel') !== null")
        header = page.locator(".masthead").bounding_box()
        menu.click()
        assert not series_link.is_visible()
        assert page.locator(".masthead").bounding_box()["height"] <= 72  # compact
        assert header["height"] <= 72


def test_the_desktop_navigation_is_open_without_javascript(chromium, live_server, site):
    page = chromium(java_script_enabled=False)
    page.goto(live_server.url + reading.in_language("en", "publications:home"))
    assert page.locator(".site-nav").get_by_role("link", name="IFANS Focus").is_visible()
    assert not page.locator("summary.menu-button").is_visible()


REFLOW_STATES = ["home-en", "article-en", "article-ko", "search-results", "dialog-open"]


@pytest.mark.parametrize("state", REFLOW_STATES)
def test_pages_reflow_at_320_css_pixels(chromium, live_server, site, state):
    page = chromium(viewport={"width": 320, "height": 640})
    reading.open_state(page, live_server, site, state)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{state} scrolls sideways at 320px ({width}px wide)"


TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""

CLIPPED = """() => [...document.querySelectorAll("body *")].filter(el => {
    const style = getComputedStyle(el);
    if (el.closest(".visually-hidden, .mail-hp, [hidden], dialog:not([open])")) return false;
    if (["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName)) return false;  // they scroll
    if (style.webkitLineClamp !== "none" && style.webkitLineClamp !== "") return false;
    const hides = [style.overflowX, style.overflowY].some(v => v === "hidden" || v === "clip");
    const rect = el.getBoundingClientRect();
    if (!hides || rect.width === 0) return false;
    return el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
}).map(el => el.className || el.tagName)"""


@pytest.mark.parametrize("state", ["home-ko", "article-en", "article-ko", "dialog-errors"])
def test_text_spacing_overrides_clip_nothing(chromium, live_server, site, state):
    for width in (1280, 390):
        page = chromium(viewport={"width": width, "height": 900})
        reading.open_state(page, live_server, site, state)
        page.add_style_tag(content=TEXT_SPACING)
        assert page.evaluate(CLIPPED) == [], f"{state} at {width}px"
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_every_control_on_the_article_shows_where_focus_is(chromium, live_server, site):
    page = chromium()
    page.goto(live_server.url + site.english.get_absolute_url())
    seen = 0
    for _ in range(60):
        page.keyboard.press("Tab")
        indicator = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (el === document.body) return null;
                const s = getComputedStyle(el);
                return {name: el.textContent.trim().slice(0, 30) || el.name || el.tagName,
                        outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2,
                        visible: el.getBoundingClientRect().width > 0};
            }"""
        )
        if indicator is None:
            break
        seen += 1
        assert indicator["visible"] and indicator["outline"], indicator
    assert seen > 20  # the whole page, footer included


def test_the_article_body_is_65_to_75_characters_wide(chromium, live_server, site):
    page = chromium(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + site.english.get_absolute_url())
    page.evaluate("document.fonts.ready")
    lengths = page.evaluate(
        """() => {
            const p = document.querySelector(".article-body p");
            const text = p.firstChild;
            const range = document.createRange();
            const lines = new Map();
            for (let i = 0; i < text.length; i++) {
                range.setStart(text, i); range.setEnd(text, i + 1);
                const top = Math.round(range.getBoundingClientRect().top);
                lines.set(top, (lines.get(top) || 0) + 1);
            }
            return [...lines.values()].slice(0, -1);  // full lines only
        }"""
    )
    assert lengths, "no full line measured"
    average = sum(lengths) / len(lengths)
    assert 65 <= average <= 75, lengths


def test_the_page_uses_the_self_hosted_pretendard(chromium, live_server, site):
    page = chromium()
    page.goto(live_server.url + site.korean.get_absolute_url())
    page.evaluate("document.fonts.ready")
    loaded = page.evaluate(
        """() => [...document.fonts].filter(f => f.status === "loaded").map(f => f.family)"""
    )
    assert "Pretendard" in loaded
    assert page.evaluate("document.fonts.check('16px Pretendard', '바이든 Biden')")

"""Cite, copy, share and print in a real Chromium, under the site's Content-Security-Policy."""

import time

import pytest

from publications.citations import record
from tests.factories import ArticleFactory, AttachmentFactory, AuthorFactory, SeriesFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def article():
    series = SeriesFactory(slug="ifans-focus", name="IFANS Focus")
    author = AuthorFactory(slug="lee-taerim", name="LEE TaeRim")
    article = ArticleFactory(
        series=series, title="Strategic Stability After the Summit", authors=[author]
    )
    AttachmentFactory(article=article)
    return article


@pytest.fixture
def page(browser_page, live_server):
    browser_page.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=live_server.url
    )
    problems = []  # what the Content-Security-Policy refused, and script errors

    def watch(message):
        if message.type == "error" and "Failed to load resource" not in message.text:
            problems.append(message.text)

    browser_page.on("console", watch)
    browser_page.on("pageerror", lambda error: problems.append(str(error)))
    browser_page.problems = problems
    return browser_page


def clipboard(page):
    return page.evaluate("navigator.clipboard.readText()")


def test_copy_link_puts_the_article_address_on_the_clipboard(page, live_server, article):
    page.goto(live_server.url + article.get_absolute_url())
    page.get_by_role("button", name="Copy link").click()
    page.get_by_text("Link copied").wait_for()
    assert clipboard(page) == article.absolute_url
    assert page.problems == []  # nothing refused by the Content-Security-Policy


def test_cite_opens_the_citations_in_a_dialog_and_copies_one(page, live_server, article):
    page.goto(live_server.url + article.get_absolute_url())
    page.get_by_role("link", name="Cite").click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    assert page.url.endswith(article.get_absolute_url())  # still on the article
    apa = dialog.locator("#cite-apa").inner_text()
    assert apa.startswith("Lee, T. (")
    dialog.get_by_role("button", name="Copy APA").click()
    dialog.get_by_text("Copied").wait_for()
    assert clipboard(page) == apa.strip()
    dialog.get_by_role("button", name="Close").click()
    assert not dialog.is_visible()
    assert page.problems == []


def test_without_javascript_cite_is_a_page_and_copy_buttons_stay_hidden(page, live_server, article):
    context = page.context.browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(live_server.url + article.get_absolute_url())
    assert not plain.get_by_role("button", name="Copy link").is_visible()
    plain.get_by_role("link", name="Cite").click()
    plain.wait_for_url("**" + record.cite_url(article))
    assert plain.locator("#cite-chicago").inner_text().startswith("Lee, TaeRim.")
    context.close()


def test_the_page_prints_the_article_alone_with_its_address_and_date(page, live_server, article):
    page.goto(live_server.url + article.get_absolute_url())
    assert not page.locator(".print-source").is_visible()
    page.emulate_media(media="print")
    for hidden in (".site-header", ".article-actions", ".share", ".neighbours", ".site-footer"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator("h1").is_visible()
    footer = page.locator(".print-source").inner_text()
    assert article.absolute_url.replace(live_server.url, "") in footer
    assert article.published_at.strftime("%Y") in footer


def test_the_share_card_named_in_the_head_loads(page, live_server, article):
    page.goto(live_server.url + article.get_absolute_url())
    image = page.locator("meta[property='og:image']").get_attribute("content")
    response = page.request.get(image.replace("http://testserver", live_server.url))
    assert response.status == 200
    assert response.headers["content-type"] == "image/png"
    assert "immutable" in response.headers["cache-control"]


FAKE_KAKAO_SDK = """
window.Kakao = {
  ready: false,
  isInitialized: function () { return this.ready; },
  init: function (key) { this.ready = true; window.kakaoKey = key; },
  Share: { sendDefault: function (card) { window.kakaoCard = card; } }
};
"""


def test_kakao_sdk_is_loaded_on_click_only_and_gets_the_card(page, live_server, settings, article):
    settings.KAKAO_JS_KEY = "0123abcd"
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {
            **directives,
            "script-src": [*directives["script-src"], "https://t1.kakaocdn.net"],
        }
    }
    requested = []
    page.route(
        "https://t1.kakaocdn.net/**",
        lambda route: (
            requested.append(route.request.url),
            route.fulfill(body=FAKE_KAKAO_SDK, content_type="text/javascript"),
        ),
    )
    page.goto(live_server.url + article.get_absolute_url())
    assert requested == []  # nothing from Kakao until the reader asks
    page.get_by_role("link", name="KakaoTalk").click()
    # Polled from here: wait_for_function evaluates its predicate with eval()
    # inside the page, which the page's CSP (no 'unsafe-eval') may refuse.
    deadline = time.monotonic() + 10
    while not page.evaluate("window.kakaoCard !== undefined"):
        assert time.monotonic() < deadline, "the card never reached Kakao's SDK"
        page.wait_for_timeout(50)
    assert len(requested) == 1
    card = page.evaluate("window.kakaoCard")
    assert page.evaluate("window.kakaoKey") == "0123abcd"
    assert card["content"]["title"] == article.title
    assert card["content"]["link"]["webUrl"] == article.absolute_url
    assert "/card/" in card["content"]["imageUrl"]
    assert page.url.endswith(article.get_absolute_url())  # no navigation to the plain link

"""The reference article, as a reader's browser sees it (demo content, real Chromium)."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SEED = "/en/publications/ifans-focus/an-analysis-of-the-biden-putin-summit/"


@pytest.fixture
def page(browser_page):
    call_command("load_demo", verbosity=0)
    return browser_page


def test_reference_article_shows_every_element(page, live_server):
    page.goto(live_server.url + SEED)
    assert page.locator("h1").inner_text() == "An Analysis of the Biden-Putin Summit"
    assert page.get_by_role("link", name="IFANS Focus").first.get_attribute("href") == (
        "/en/publications/ifans-focus/"
    )
    assert page.get_by_role("link", name="LEE TaeRim").is_visible()
    meta = page.locator(".article-meta").inner_text()
    assert "Upload Date 2021-07-27" in meta
    assert "Hits 2061" in meta  # this browser is a new reader
    for name in ["Facebook", "X (Twitter)", "KakaoTalk"]:
        assert page.get_by_role("link", name=name).is_visible()
    assert page.get_by_role("button", name="Send Email").is_visible()
    assert "a summit between U.S. President Joe Biden" in page.locator(".article-body").inner_text()
    tags = page.locator(".tags a").all_inner_texts()
    assert tags == [
        "#USRussiaRelations",
        "#USRussiaSummit",
        "#BidenPutinSummit",
        "#Cybersecurity",
        "#StrategicStability",
    ]
    assert "Attached the File" in page.locator(".attachments").inner_text()


def test_reload_does_not_count_the_same_reader_twice(page, live_server):
    page.goto(live_server.url + SEED)
    page.reload()
    assert "Hits 2061" in page.locator(".article-meta").inner_text()


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, live_server):
    page.goto(live_server.url + SEED)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"


def test_prev_and_next_lead_through_the_series(page, live_server):
    page.goto(live_server.url + SEED)
    page.locator("a[rel=next]").click()
    assert (
        page.locator("h1").inner_text()
        == "G7 Summit 2021 and the Post-Pandemic International Order"
    )
    page.locator("a[rel=prev]").click()
    assert page.locator("h1").inner_text() == "An Analysis of the Biden-Putin Summit"
    page.locator("a[rel=prev]").click()
    assert (
        page.locator("h1")
        .inner_text()
        .startswith("The Revisions to the Rules of the WPK and Implications of th")
    )


def test_the_full_text_downloads_as_a_pdf_with_its_name(page, live_server):
    page.goto(live_server.url + SEED)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="The Full Text.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "The Full Text.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_tag_link_leads_to_the_tag_page(page, live_server):
    page.goto(live_server.url + SEED)
    page.get_by_role("link", name="#Cybersecurity").click()
    assert page.locator("h1").inner_text() == "#Cybersecurity"
    assert page.get_by_role("link", name="An Analysis of the Biden-Putin Summit").is_visible()

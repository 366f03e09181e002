"""An editor writes and submits an article for review; a publisher publishes it (real Chromium)."""

import pytest

from publications.models import Article
from tests.e2e.admin_support import make_staff, press, sign_in, start_article, write_body
from tests.factories import SeriesFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_editor_submits_for_review_and_a_publisher_publishes(
    browser_page, live_server, django_user_model
):
    page = browser_page
    series = SeriesFactory(name="IFANS Focus", slug="ifans-focus")
    make_staff(django_user_model, "writer", "Editors")
    make_staff(django_user_model, "chief", "Publishers")

    sign_in(page, live_server, "writer")
    start_article(page, live_server, series, "Arctic Shipping Lanes")
    write_body(page, "<p>Ice is retreating.</p>")
    assert page.get_by_role("button", name="Publish or schedule").count() == 0
    press(page, "Submit for review")
    article = Article.objects.get(title="Arctic Shipping Lanes")
    assert article.status == "review" and not article.is_public

    sign_in(page, live_server, "chief")
    page.goto(live_server.url + "/admin/publications/article/attention/")
    page.locator("#in-review").get_by_role("link", name="Arctic Shipping Lanes").click()
    press(page, "Publish or schedule")
    article.refresh_from_db()
    assert article.status == "published" and article.is_public
    assert [c.action for c in article.state_changes.order_by("at", "id")] == [
        "submitted",
        "published",
    ]

    page.context.clear_cookies()  # a reader
    page.goto(live_server.url + article.get_absolute_url())
    assert page.locator("h1").inner_text() == "Arctic Shipping Lanes"
    assert "Ice is retreating." in page.locator(".article-body").inner_text()

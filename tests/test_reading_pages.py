"""The reading pages' markup: masthead, home lead, lists, file list, statement, mail form."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import ArticleFactory, AttachmentFactory, SeriesFactory

pytestmark = pytest.mark.django_db

READER = {"HTTP_USER_AGENT": "Mozilla/5.0"}


def _get(client, url):
    response = client.get(url, **READER)
    assert response.status_code == 200, url
    return response.content.decode()


def _headings(html):
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def test_masthead_shows_the_svg_mark_which_a_setting_replaces(client, settings, article):
    html = _get(client, reverse("publications:home"))
    assert re.search(r'<img class="brand-mark" src="/static/img/mark\.svg" alt=""', html)
    settings.SITE_MARK = "https://cdn.example.org/institute.svg"
    html = _get(client, reverse("publications:home"))
    assert '<img class="brand-mark" src="https://cdn.example.org/institute.svg"' in html


def test_the_menu_is_a_details_button_holding_navigation_and_search(client, article):
    html = _get(client, reverse("publications:home"))
    menu = re.search(r'<details class="menu" data-menu>(.*?)</details>', html, re.S)
    assert menu and '<summary class="menu-button">' in menu[1]
    assert '<nav class="site-nav"' in menu[1] and 'role="search"' in menu[1]


def test_home_leads_with_the_newest_article_once_then_each_series(client, series):
    old = ArticleFactory(series=series, title="Older piece")
    newest = ArticleFactory(
        series=SeriesFactory(name="Perspectives"),
        title="Newest piece",
        published_at=old.published_at + datetime.timedelta(hours=1),
    )
    ArticleFactory(series=newest.series, title="Other perspective", published_at=old.published_at)
    html = _get(client, reverse("publications:home"))
    lead = re.search(r'<section class="lead-article".*?</section>', html, re.S)[0]
    assert "Newest piece" in lead
    assert html.count("Newest piece") == 1  # not again in its series' list
    assert "Older piece" in html and "Other perspective" in html
    assert "article-item-series" not in html  # a series section names its series once


def test_list_pages_go_from_h1_to_h2_without_skipping(client, article):
    for url in (
        article.series.get_absolute_url(),
        reverse("publications:tag", args=["usrussiarelations"]),
        reverse("publications:home"),
        article.ordered_authors()[0].get_absolute_url(),
    ):
        levels = _headings(_get(client, url))
        assert levels[0] == 1, url
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (url, levels)


def test_series_page_does_not_repeat_the_series_above_each_item(client, article):
    assert "article-item-series" not in _get(client, article.series.get_absolute_url())
    assert "article-item-series" in _get(
        client, reverse("publications:tag", args=["usrussiarelations"])
    )


def test_attachments_are_a_file_list_with_name_type_and_size_said_once(client, article):
    AttachmentFactory(article=article, title="The Full Text", original_name="The Full Text.pdf")
    html = _get(client, article.get_absolute_url())
    item = re.search(r'<li class="file">(.*?)</li>', html, re.S)[1]
    assert 'class="file-icon" aria-hidden="true"' in item
    assert ">The Full Text.pdf</a>" in item
    meta = re.search(r'<span class="file-meta">(.*?)</span>\s*</span>', item, re.S)[1]
    assert "PDF" in meta and "bytes" in meta
    assert "The Full Text" not in meta  # the title says nothing the name does not


def test_flash_messages_are_a_list_inside_a_status_region(client, article):
    # A form a bot filled (the honeypot) gets the success message and sends nothing.
    response = client.post(
        reverse("mailing:send"),
        {
            "recipient": "friend@example.org",
            "content_address": article.absolute_url,
            "title": "Read this",
            "message": "Worth it.",
            "homepage": "spam",
        },
        follow=True,
        **READER,
    )
    html = response.content.decode()
    assert re.search(r'<div class="messages" role="status">\s*<ul><li class="message', html)
    assert '<ul role="status"' not in html


def test_accessibility_statement_is_linked_from_every_footer_in_both_editions(client, article):
    for code in ("en", "ko"):
        with translation.override(code):
            url = reverse("accessibility")
            home = reverse("publications:home")
        assert url.startswith(f"/{code}/")
        footer = re.search(r'<footer class="site-footer">.*?</footer>', _get(client, home), re.S)
        assert f'href="{url}"' in footer[0]
        page = _get(client, url)
        assert "(WCAG) 2.2" in page and "axe-core" in page
        assert 'href="mailto:webmaster@localhost"' in page


def test_mail_form_shows_the_article_title_with_the_address_read_only(client, article):
    html = _get(client, article.get_absolute_url())
    assert html.count("All fields are required.") == 1
    title = re.search(
        r'<p class="mail-content-title" id="mail_content_address_title">([^<]+)', html
    )
    assert title[1] == article.title
    field = re.search(r'<input[^>]+name="content_address"[^>]*>', html)[0]
    assert "readonly" in field and 'aria-describedby="mail_content_address_title"' in field


def test_no_javascript_mail_errors_point_at_ids_that_exist_and_title_says_error(
    client, article, settings
):
    response = client.post(
        reverse("mailing:send"),
        {
            "recipient": "not an address",
            "content_address": article.absolute_url,
            "title": "Read this",
            "message": "Worth it.",
        },
        **READER,
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r"<title>Error: ", html)
    described = re.search(r'name="recipient"[^>]*aria-describedby="([^"]+)"', html)
    if described is None:
        described = re.search(r'aria-describedby="([^"]+)"[^>]*name="recipient"', html)
    for target in described[1].split():
        assert f'id="{target}"' in html
    assert '<ul class="mail-error-summary">' in html

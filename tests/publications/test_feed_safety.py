"""Feeds and the sitemap: text that cannot break them, URLs from SITE_URL only."""

import xml.etree.ElementTree as ET  # noqa: S405 (parses our own test responses)

import pytest
from django.db import connection

from tests.factories import ArticleFactory, SeriesFactory

pytestmark = pytest.mark.clocks  # what is published depends on the clock

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# A reader's request reaching the app behind a TLS proxy: plain http, another port.
BEHIND_PROXY = {"HTTP_HOST": "localhost:8000"}


@pytest.fixture
def public_site(settings):
    settings.SITE_URL = "https://www.example.org"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "www.example.org"]


def _xml(content):
    return ET.fromstring(content)  # noqa: S314 (our own response, not untrusted input)


def _channel(response):
    assert response.status_code == 200
    return _xml(response.content).find("channel")


@pytest.mark.parametrize("path", ["/en/feed/", "/en/publications/ifans-focus/feed/"])
def test_control_characters_stored_around_save_do_not_break_the_feeds(client, series, path):
    article = ArticleFactory(series=series, title="Title", summary="Summary")
    # Written around the model's cleaning, as raw SQL or a row from before it would be.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE publications_article SET title = %s, summary = %s WHERE id = %s",
            ["Soft\x0bbreak", "Bell\u0007 and\x1b escape\x85", article.pk],
        )
    item = _channel(client.get(path)).find("item")
    assert item.findtext("title") == "Soft break"
    assert item.findtext("description") == "Bell and escape\n"


def test_plain_text_summary_is_escaped_as_text_in_the_description(client, series):
    ArticleFactory(series=series, summary='<img src=x onerror="alert(1)"> & <b>bold</b>')
    raw = client.get("/en/feed/").content.decode()
    description = _xml(raw).find("channel/item/description").text
    # A reader that renders the description as HTML shows these characters, runs nothing.
    assert (
        description
        == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
    )
    assert "<img" not in description


@pytest.mark.parametrize("path", ["/en/feed/", "/en/publications/ifans-focus/feed/"])
def test_feed_urls_come_from_site_url_not_from_the_request(client, series, public_site, path):
    article = ArticleFactory(series=series)
    channel = _channel(client.get(path, **BEHIND_PROXY))
    assert channel.findtext("link").startswith("https://www.example.org/")
    assert channel.find(f"{ATOM}link").get("href") == "https://www.example.org" + path
    assert channel.findtext("item/link") == "https://www.example.org" + article.get_absolute_url()
    assert "localhost" not in ET.tostring(channel, encoding="unicode")


def test_sitemap_urls_come_from_site_url_not_from_the_request(client, series, public_site):
    article = ArticleFactory(series=series)
    response = client.get("/sitemap.xml", **BEHIND_PROXY)
    assert response.status_code == 200
    locations = [loc.text for loc in _xml(response.content).iter(f"{SITEMAP}loc")]
    assert "https://www.example.org" + article.get_absolute_url() in locations
    assert all(location.startswith("https://www.example.org/") for location in locations)
    assert "https://www.example.org/en/" in locations  # the editions' home pages too


def test_admin_view_on_site_goes_to_the_public_address(staff_client, series, public_site):
    article = ArticleFactory(series=series)
    other = SeriesFactory()
    page = staff_client.get(f"/admin/publications/article/{article.pk}/change/", **BEHIND_PROXY)
    assert f'href="https://www.example.org{article.get_absolute_url()}"' in page.content.decode()
    page = staff_client.get(f"/admin/publications/series/{other.pk}/change/", **BEHIND_PROXY)
    assert f'href="https://www.example.org{other.get_absolute_url()}"' in page.content.decode()

"""Per-author and per-tag feeds, and every page announcing the feed of its subject."""

import xml.etree.ElementTree as ET

import lxml.html
import pytest

from tests.factories import ArticleFactory, AuthorFactory

from .citation_support import READER

pytestmark = pytest.mark.django_db


def rss_links(client, path):
    response = client.get(path, **READER)
    assert response.status_code == 200
    tree = lxml.html.fromstring(response.content)
    return tree.xpath("//head/link[@rel='alternate'][@type='application/rss+xml']/@href")


def item_titles(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    return [item.findtext("title") for item in feed.iter("item")]


def test_author_feed_lists_only_that_authors_articles(client, series, author):
    other = AuthorFactory()
    ArticleFactory(series=series, title="Theirs", authors=[other])
    ArticleFactory(series=series, title="Joint", authors=[author, other])
    ArticleFactory(series=series, title="Mine", authors=[author])
    assert sorted(item_titles(client, f"/en/authors/{author.slug}/feed/")) == ["Joint", "Mine"]


def test_tag_feed_lists_only_that_tags_articles(client, series):
    ArticleFactory(series=series, title="Tagged", tags=["Nuclear"])
    ArticleFactory(series=series, title="Other", tags=["Trade"])
    assert item_titles(client, "/en/tags/nuclear/feed/") == ["Tagged"]


def test_unknown_author_or_tag_feed_is_404(client):
    assert client.get("/en/authors/nobody/feed/").status_code == 404
    assert client.get("/en/tags/nothing/feed/").status_code == 404
    assert client.post("/en/tags/nothing/feed/").status_code == 405


def test_feeds_leave_out_drafts(client, series, author):
    ArticleFactory(series=series, title="Draft", authors=[author], status="draft")
    assert item_titles(client, f"/en/authors/{author.slug}/feed/") == []


def test_each_page_announces_its_own_feed_and_the_sites(client, series, author):
    article = ArticleFactory(series=series, authors=[author], tags=["Nuclear"])
    site = "/en/feed/"
    assert rss_links(client, "/en/") == [site]
    assert rss_links(client, series.get_absolute_url()) == [
        site,
        f"{series.get_absolute_url()}feed/",
    ]
    assert rss_links(client, "/en/tags/nuclear/") == [site, "/en/tags/nuclear/feed/"]
    assert rss_links(client, author.get_absolute_url()) == [
        site,
        f"/en/authors/{author.slug}/feed/",
    ]
    assert rss_links(client, article.get_absolute_url()) == [
        site,
        f"{series.get_absolute_url()}feed/",
    ]
    for path in rss_links(client, author.get_absolute_url()) + ["/en/tags/nuclear/feed/"]:
        assert client.get(path).status_code == 200

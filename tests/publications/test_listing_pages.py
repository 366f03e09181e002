"""Home, series, tag and author pages; sitemap; robots; page numbers that make no sense."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import ArticleFactory, AuthorFactory, SeriesFactory

pytestmark = pytest.mark.clocks  # lists order and show publication dates


def test_home_shows_the_latest_publications_of_each_series(client, series):
    other = SeriesFactory(name="IFANS Perspectives")
    now = timezone.now()
    old = ArticleFactory(
        series=series, title="Oldest focus", published_at=now - datetime.timedelta(days=90)
    )
    for n in range(4):
        ArticleFactory(series=series, published_at=now - datetime.timedelta(days=n + 1))
    ArticleFactory(series=other, title="A perspective")
    ArticleFactory(series=series, title="Secret draft", status="draft")
    page = client.get("/en/").content.decode()
    assert "IFANS Focus" in page and "IFANS Perspectives" in page
    assert "A perspective" in page
    assert old.title not in page  # only the latest few per series
    assert "Secret draft" not in page


def test_home_runs_a_fixed_number_of_queries(client, db):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/en/").status_code == 200
        return len(captured)

    ArticleFactory.create_batch(3, series=SeriesFactory(name="S0"), authors=[AuthorFactory()])
    few = queries()
    for index in range(1, 4):
        ArticleFactory.create_batch(
            3, series=SeriesFactory(name=f"S{index}"), authors=[AuthorFactory()]
        )
    # latest articles per series, their authors, the series, the navigation: however many
    assert queries() == few <= 4


def test_series_list_is_newest_first_and_paginated(client, series):
    now = timezone.now()
    for n in range(12):
        ArticleFactory(
            series=series, title=f"Piece {n:02d}", published_at=now - datetime.timedelta(days=n + 1)
        )
    first = client.get(series.get_absolute_url()).content.decode()
    assert first.index("Piece 00") < first.index("Piece 01")
    assert "Piece 11" not in first
    assert "Piece 11" in client.get(series.get_absolute_url() + "?page=2").content.decode()


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999", "1.5", "%00", "last"])
def test_nonsense_page_numbers_are_a_page_or_404_never_500(client, series, page):
    ArticleFactory(series=series)
    response = client.get(series.get_absolute_url(), {"page": page})
    assert response.status_code in (200, 404)


def test_unknown_series_is_404(client, db):
    assert client.get("/en/publications/nope/").status_code == 404


def test_tag_pages_are_case_insensitive_and_work_in_korean(client, series):
    ArticleFactory(series=series, title="Peninsula piece", tags=["한반도"])
    ArticleFactory(series=series, title="Same tag other case", tags=["Cybersecurity"])
    ArticleFactory(series=series, title="Same tag lower", tags=["cybersecurity"])
    korean = client.get("/en/tags/한반도/")
    assert korean.status_code == 200
    assert "Peninsula piece" in korean.content.decode()
    both = client.get("/en/tags/cybersecurity/").content.decode()
    assert "Same tag other case" in both and "Same tag lower" in both


def test_author_page_lists_their_published_articles(client, series):
    author = AuthorFactory(name="LEE TaeRim", title="Professor", bio="Russia expert.")
    ArticleFactory(series=series, title="Published piece", authors=[author])
    ArticleFactory(series=series, title="Draft piece", authors=[author], status="draft")
    page = client.get(author.get_absolute_url()).content.decode()
    assert "<h1" in page and "LEE TaeRim" in page and "Russia expert." in page
    assert "Published piece" in page
    assert "Draft piece" not in page


def test_sitemap_lists_every_published_article_by_absolute_url(client, series, settings):
    settings.SITE_URL = "https://www.example.org"
    published = ArticleFactory(series=series)
    draft = ArticleFactory(series=series, status="draft")
    future = ArticleFactory(series=series, published_at=timezone.now() + datetime.timedelta(days=1))
    xml = client.get("/sitemap.xml").content.decode()
    assert f"<loc>https://www.example.org{published.get_absolute_url()}</loc>" in xml
    assert draft.get_absolute_url() not in xml
    assert future.get_absolute_url() not in xml


def test_robots_txt_points_at_the_sitemap(client, settings):
    settings.SITE_URL = "https://www.example.org"
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: https://www.example.org/sitemap.xml" in response.content.decode()


def test_server_error_page_is_in_the_site_design(client, settings):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong" in html and "css/site.css" in html


@pytest.mark.parametrize(
    "path",
    [
        "/en/publications/a%00/",
        "/en/publications/a%00/b/",
        "/en/publications/ifans-focus/b%00/",
        "/en/tags/a%00/",
        "/en/authors/a%00/",
        "/en/publications/%E2%80%A8/",
    ],
)
def test_control_characters_in_addresses_are_404_not_500(client, series, path):
    assert client.get(path).status_code == 404


def test_feed_lists_published_articles_with_absolute_links(client, series, settings):
    settings.SITE_URL = "https://www.example.org"
    published = ArticleFactory(series=series, title="Feed piece")
    ArticleFactory(series=series, title="Draft piece", status="draft")
    xml = client.get("/en/feed/").content.decode()
    assert "<title>Feed piece</title>" in xml
    assert f"<link>https://www.example.org{published.get_absolute_url()}</link>" in xml
    assert "Draft piece" not in xml


def test_series_feed_only_lists_that_series(client, series):
    ArticleFactory(series=series, title="In this series")
    ArticleFactory(series=SeriesFactory(name="Other"), title="Elsewhere")
    xml = client.get(f"/en/publications/{series.slug}/feed/").content.decode()
    assert "In this series" in xml and "Elsewhere" not in xml
    assert client.get("/en/publications/no-such-series/feed/").status_code == 404


def test_navigation_lists_every_series(client, series):
    SeriesFactory(name="IFANS Perspectives", slug="ifans-perspectives")
    page = client.get("/en/").content.decode()
    nav = page.split('class="site-nav"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/en/publications/ifans-focus/">IFANS Focus</a>' in nav
    assert 'href="/en/publications/ifans-perspectives/">IFANS Perspectives</a>' in nav

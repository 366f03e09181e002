"""Read-only public addresses answer GET and HEAD; any other method is 405."""

import pytest

from tests.factories import ArticleFactory

PAGES = [
    "/en/",
    "/en/feed/",
    "/en/publications/ifans-focus/feed/",
    "/en/publications/ifans-focus/",
    "/en/publications/ifans-focus/an-article/",
    "/en/tags/usrussia/",
    "/en/authors/lee-taerim/",
    "/sitemap.xml",
    "/robots.txt",
]


@pytest.fixture
def site(series, author):
    ArticleFactory(series=series, slug="an-article", authors=[author], tags=["usrussia"])


@pytest.mark.parametrize("method", ["OPTIONS", "TRACE", "POST", "PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("path", PAGES)
def test_methods_that_mean_nothing_here_are_405(client, site, path, method):
    response = client.generic(method, path)
    assert response.status_code == 405
    assert sorted(response["Allow"].split(", ")) == ["GET", "HEAD"]


@pytest.mark.parametrize("path", PAGES)
def test_get_and_head_still_answer(client, site, path):
    assert client.get(path).status_code == 200
    assert client.head(path).status_code == 200

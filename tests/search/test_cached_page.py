"""The results page as a shared page: asked again, answered from the cache; stale once
the content or the index changes."""

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from publications.models import Article
from search import indexing
from tests.factories import ArticleFactory

from .conftest import BOTH

pytestmark = pytest.mark.django_db(databases=BOTH)
READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"}


@pytest.fixture
def page_cache(settings, redis_cache):
    settings.PAGE_CACHE = True
    return redis_cache


def titles(response):
    html = response.content.decode()
    return [title for title in ("Walrus one", "Walrus two") if title in html]


def test_a_results_page_asked_again_comes_from_the_cache_without_sql(
    page_cache, indexed, search_db
):
    with indexed():
        ArticleFactory(title="Walrus one")
    first = Client().get("/en/search/", {"q": "walrus"}, **READER)
    assert titles(first) == ["Walrus one"]
    with CaptureQueriesContext(connections[search_db]) as queries:
        again = Client().get("/en/search/", {"q": "walrus"}, **READER)
    assert again.status_code == 200
    assert len(queries) == 0
    assert again.content == first.content


def test_a_new_article_shows_on_a_cached_results_page(page_cache, indexed):
    with indexed():
        ArticleFactory(title="Walrus one")
    assert titles(Client().get("/en/search/", {"q": "walrus"}, **READER)) == ["Walrus one"]
    with indexed():
        ArticleFactory(title="Walrus two")
    shown = titles(Client().get("/en/search/", {"q": "walrus"}, **READER))
    assert shown == ["Walrus one", "Walrus two"]


def test_an_index_change_alone_makes_a_cached_results_page_stale(page_cache, indexed, search_db):
    """The index may change after the content did (in the worker): the page follows it."""
    with indexed():
        article = ArticleFactory(title="Other title")
    assert titles(Client().get("/en/search/", {"q": "walrus"}, **READER)) == []
    # A write that announces nothing; only the index, rebuilt afterwards, knows.
    Article.objects.using(search_db).filter(pk=article.pk).update(title="Walrus one")
    indexing.index_articles([article.pk], search_db)
    assert titles(Client().get("/en/search/", {"q": "walrus"}, **READER)) == ["Walrus one"]

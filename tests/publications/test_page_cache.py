"""Whole article pages cached for anonymous readers, on the shared (Redis) cache."""

import datetime
import re

import pytest
from django.test import Client

from publications.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.clocks  # cached pages of dated articles

READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"}

# Writes must really commit: cached pages are dropped by articles_changed,
# which is sent once the writing transaction has committed.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def shared_cache(settings, redis_url):
    settings.CACHES = {
        "default": {
            "BACKEND": "thinktank.redis_cache.SharedClientRedisCache",
            "LOCATION": redis_url + "/5",
        }
    }
    settings.PAGE_CACHE = True
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_warm_page_runs_a_single_query(client, article, django_assert_num_queries):
    client.get(article.get_absolute_url(), **READER)
    with django_assert_num_queries(1):
        assert client.get(article.get_absolute_url(), **READER).status_code == 200


def test_an_edited_neighbour_shows_at_once(client, article):
    neighbour = ArticleFactory(
        series=article.series,
        title="Old neighbour title",
        published_at=article.published_at - datetime.timedelta(days=1),
    )
    assert (
        "Old neighbour title" in client.get(article.get_absolute_url(), **READER).content.decode()
    )
    neighbour.title = "New neighbour title"
    neighbour.save()
    page = client.get(article.get_absolute_url(), **READER).content.decode()
    assert "New neighbour title" in page and "Old neighbour title" not in page


def test_an_edited_author_and_a_new_tag_show_at_once(client, article, author):
    client.get(article.get_absolute_url(), **READER)
    author.name = "LEE Tae-Rim"
    author.save()
    article.tags.add("StrategicStability")
    page = client.get(article.get_absolute_url(), **READER).content.decode()
    assert ">LEE Tae-Rim</a>" in page
    assert "#StrategicStability" in page


def test_cached_page_gets_fresh_per_reader_values(article):
    first = Client().get(article.get_absolute_url(), **READER).content.decode()
    second = Client().get(article.get_absolute_url(), **READER).content.decode()
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    started = re.compile(r'name="started" value="([^"]+)"')
    assert token.search(first) and token.search(second)
    assert token.search(first).group(1) != token.search(second).group(1)
    assert started.search(first).group(1) != started.search(second).group(1)
    assert 'class="hits-count">1<' in first
    assert 'class="hits-count">2<' in second
    assert "ttfresh" not in first + second


def test_a_flash_message_is_shown_to_its_reader_only(client, article):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse
    from django.test import Client, RequestFactory

    client.get(article.get_absolute_url(), **READER)  # warm the cache
    storage = CookieStorage(RequestFactory().get("/"))
    response = HttpResponse()
    storage._store([Message(constants.SUCCESS, "Your email was accepted for sending.")], response)
    client.cookies["messages"] = response.cookies["messages"].value
    assert "accepted for sending" in client.get(article.get_absolute_url(), **READER).text
    assert "accepted for sending" not in Client().get(article.get_absolute_url(), **READER).text


def test_staff_never_get_the_cached_anonymous_page(client, admin_user, article):
    client.get(article.get_absolute_url(), **READER)  # warm the cache
    client.force_login(admin_user)
    assert "Edit in admin" in client.get(article.get_absolute_url(), **READER).text


def test_unpublishing_takes_the_cached_page_down_at_once(client, article):
    assert client.get(article.get_absolute_url(), **READER).status_code == 200
    article.status = "draft"
    article.save()
    assert Client().get(article.get_absolute_url(), **READER).status_code == 404


def test_unpublishing_by_a_queryset_update_takes_the_cached_page_down_at_once(client, article):
    assert client.get(article.get_absolute_url(), **READER).status_code == 200
    Article.objects.filter(pk=article.pk).update(status="draft")
    assert Client().get(article.get_absolute_url(), **READER).status_code == 404


def test_deleting_by_queryset_takes_the_cached_page_down_at_once(client, article):
    assert client.get(article.get_absolute_url(), **READER).status_code == 200
    Article.objects.filter(pk=article.pk).delete()
    assert Client().get(article.get_absolute_url(), **READER).status_code == 404


def test_counting_hits_keeps_the_cached_page(client, article, django_assert_num_queries):
    client.get(article.get_absolute_url(), **READER)
    Article.objects.filter(pk=article.pk).update(hits=41)
    with django_assert_num_queries(1):  # still served from the cache
        assert Client().get(article.get_absolute_url(), **READER).status_code == 200


def test_page_is_not_cached_when_the_setting_is_off(settings, article, django_assert_num_queries):
    settings.PAGE_CACHE = False
    client = Client()
    client.get(article.get_absolute_url(), **READER)
    # article, hits, navigation, authors, attachments, tags, prev, next
    with django_assert_num_queries(8):
        client.get(article.get_absolute_url(), **READER)

"""Tags made only of emoji or punctuation get a usable slug; article pages never 500 on them."""

import importlib

import pytest
from django.apps import apps as django_apps
from taggit.models import Tag

from publications.models import Article
from tests.factories import ArticleFactory
from tests.publications.admin_forms import form_errors, post_article
from tests.publications.exchange_support import exchange_data, write_exchange

pytestmark = pytest.mark.clocks  # pages show published articles only

SYMBOL_TAGS = ["🇰🇷", "#", "!!!", "---", "😀😀"]


def _article_and_tag_pages_answer(client, article):
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    for tag in article.tags.all():
        assert tag.slug
        assert f'href="/en/tags/{tag.slug}/"' in page.content.decode()
        tag_page = client.get(f"/en/tags/{tag.slug}/")
        assert tag_page.status_code == 200
        assert article.title in tag_page.content.decode()


def test_symbol_only_tags_get_distinct_usable_slugs(client, series):
    article = ArticleFactory(series=series, tags=SYMBOL_TAGS)
    slugs = [Tag.objects.get(name=name).slug for name in SYMBOL_TAGS]
    assert all(slugs) and len(set(slugs)) == len(slugs)
    _article_and_tag_pages_answer(client, article)


def test_tag_added_in_the_admin_gets_a_usable_slug(staff_client, client, series):
    response, article = post_article(staff_client, series, tags='"🇰🇷", "#", "!!!"')
    assert form_errors(response) == []
    assert sorted(article.tags.names()) == sorted(["🇰🇷", "#", "!!!"])
    _article_and_tag_pages_answer(client, article)


def test_tag_imported_gets_a_usable_slug(db, client, tmp_path):
    from publications.exchange import import_file

    data = exchange_data()
    data["articles"][0]["tags"] = ["🇰🇷", "!!!"]
    import_file(write_exchange(tmp_path, data))
    _article_and_tag_pages_answer(client, Article.objects.get())


def test_data_migration_gives_existing_empty_slugs_a_usable_one(client, series):
    article = ArticleFactory(series=series, tags=["🇰🇷", "!!!"])
    # As the old code stored the first such tag (the next got taggit's retry, "_1").
    Tag.objects.filter(name="🇰🇷").update(slug="")
    migration = importlib.import_module("publications.migrations.0006_tags_with_usable_slugs")
    migration.fix_empty_tag_slugs(django_apps, None)
    assert "" not in set(Tag.objects.values_list("slug", flat=True))
    _article_and_tag_pages_answer(client, article)


def test_article_page_shows_a_tag_left_with_an_empty_slug_without_a_link(client, series):
    article = ArticleFactory(series=series, tags=["🇰🇷"])
    Tag.objects.filter(name="🇰🇷").update(slug="")  # before the data migration ran
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert "#🇰🇷" in page.content.decode()


def test_admin_refuses_a_tag_longer_than_taggit_stores(staff_client, series):
    response, saved = post_article(staff_client, series, tags="x" * 101)
    assert response.status_code == 200
    assert saved is None
    assert any("at most 100 characters" in message for message in form_errors(response))


def test_admin_cleans_control_characters_out_of_tag_names(staff_client, series):
    response, article = post_article(staff_client, series, tags='"Korea\x0bUS", "\x07"')
    assert form_errors(response) == []
    assert article.tags.names()[0] == "Korea US"
    assert article.tags.count() == 1

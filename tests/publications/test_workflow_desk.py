"""The desk around the workflow: preview privacy, the attention list, the log, the list."""

import datetime

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from publications import attention
from publications.models import Article
from publications.signals import articles_changed
from tests.factories import ArticleFactory, AttachmentFactory, SeriesFactory
from tests.publications.workflow_support import change_form, make_user, post_change


@pytest.fixture
def editor(django_user_model):
    return make_user(django_user_model, "editor", "Editors")


@pytest.fixture
def publisher(django_user_model):
    return make_user(django_user_model, "publisher", "Publishers")


# --- Preview -----------------------------------------------------------------------


def start_preview(client, article, **fields):
    response = client.post(
        f"/admin/publications/article/{article.pk}/preview/", change_form(article, **fields)
    )
    assert response.status_code == 302
    return response["Location"]


def test_preview_shows_unsaved_changes_in_the_real_page_and_saves_nothing(client, editor, series):
    article = ArticleFactory(series=series, status="draft", title="Saved title")
    client.force_login(editor)
    url = start_preview(client, article, title="Unsaved title", tags="Preview-Tag")
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert {"private", "no-store"} <= set(page["Cache-Control"].replace(" ", "").split(","))
    assert "<h1" in html and "Unsaved title" in html
    assert "#Preview-Tag" in html  # tags too, as the reader's page shows them
    assert 'class="article-body"' in html  # the article template, not an admin page
    assert Article.objects.get(pk=article.pk).title == "Saved title"
    assert not Article.objects.get(pk=article.pk).tags.exists()


def test_nobody_else_can_open_a_preview(client, editor, publisher, series):
    article = ArticleFactory(series=series, status="draft")
    client.force_login(editor)
    url = start_preview(client, article, title="Secret wording")
    assert b"Secret wording" in client.get(url).content
    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    other.force_login(publisher)  # even a publisher, in another session
    assert other.get(url).status_code == 404
    other.force_login(editor)  # even the same editor, signed in elsewhere
    assert other.get(url).status_code == 404
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]


def test_preview_of_a_new_article_stores_nothing(client, editor, series):
    from tests.publications.admin_forms import article_form

    client.force_login(editor)
    response = client.post(
        "/admin/publications/article/add/preview/",
        article_form(series, title="Brand new", slug="brand-new", status="draft"),
    )
    page = client.get(response["Location"])
    assert b"Brand new" in page.content
    assert not Article.objects.filter(slug="brand-new").exists()


def test_preview_of_an_invalid_form_says_what_is_wrong(client, editor, series):
    article = ArticleFactory(series=series, status="draft")
    client.force_login(editor)
    url = start_preview(client, article, status="published")
    response = client.get(url)
    assert response.status_code == 400
    assert b"Only a publisher may publish" in response.content


# --- The attention list ------------------------------------------------------------


def test_attention_list_shows_review_scheduled_and_problems(client, publisher, series):
    waiting = ArticleFactory(series=series, status="review", title="Waiting piece")
    later = ArticleFactory(
        series=series,
        title="Later piece",
        published_at=timezone.now() + datetime.timedelta(days=3),
    )
    bare = ArticleFactory(series=series, title="No summary piece", summary="")
    papers = SeriesFactory(slug="papers", expects_attachment=True)
    unattached = ArticleFactory(series=papers, title="Paper without file")
    attached = ArticleFactory(series=papers, title="Paper with file")
    AttachmentFactory(article=attached)
    old = ArticleFactory(
        series=series, summary="", published_at=timezone.now() - datetime.timedelta(days=400)
    )
    client.force_login(publisher)
    response = client.get("/admin/publications/article/attention/")
    assert response.status_code == 200
    assert list(response.context["in_review"]) == [waiting]
    assert list(response.context["scheduled"]) == [later]
    problems = dict(response.context["problems"])
    assert problems[bare] == ["no summary"]
    assert problems[unattached] == ["no attachment, which its series expects"]
    assert attached not in problems and old not in problems
    assert "Waiting piece" in response.content.decode()


def test_attention_checks_can_be_added_by_other_modules(client, publisher, series):
    flagged = ArticleFactory(series=series, status="review", title="Has an image")

    def missing_alt_text(articles):
        return {flagged.pk: "an image has no alt text"}

    attention.register_check(missing_alt_text)
    try:
        client.force_login(publisher)
        problems = dict(client.get("/admin/publications/article/attention/").context["problems"])
        assert problems[flagged] == ["an image has no alt text"]
    finally:
        attention._checks.remove(missing_alt_text)


def test_the_attention_list_is_for_publishers(client, editor):
    client.force_login(editor)
    assert client.get("/admin/publications/article/attention/").status_code == 403


# --- The log and the list ----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_status_change_is_logged_and_still_announced(client, publisher, series):
    article = ArticleFactory(series=series, status="review")
    sent = []

    def listener(sender, article_ids, **kwargs):
        sent.append(article_ids)

    articles_changed.connect(listener)
    try:
        client.force_login(publisher)
        with transaction.atomic():
            pass
        post_change(client, article, _transition="published")
    finally:
        articles_changed.disconnect(listener)
    assert any(article.pk in ids for ids in sent)
    change = article.state_changes.get()
    assert (change.action, change.user, change.from_status, change.to_status) == (
        "published",
        publisher,
        "review",
        "published",
    )


def test_the_article_list_shows_status_colours_language_hits_and_downloads(
    client, publisher, series
):
    article = ArticleFactory(series=series, status="review", hits=321, title="Counted piece")
    AttachmentFactory(article=article, download_count=7)
    AttachmentFactory(article=article, download_count=5)
    ArticleFactory(
        series=series, title="Soon", published_at=timezone.now() + datetime.timedelta(days=2)
    )
    client.force_login(publisher)
    page = client.get("/admin/publications/article/").content.decode()
    assert 'class="status-badge status-review"' in page
    assert 'class="status-badge status-scheduled"' in page
    assert "column-language" in page and "column-download_count" in page
    assert '<td class="field-download_count">12</td>' in page
    assert '<td class="field-hits">321</td>' in page

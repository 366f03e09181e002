"""Editors publish through the admin."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import ArticleFactory


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(
        "editor", password="pw-for-editor-1", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_editors_group_can_publish_but_not_manage_users(editor):
    assert editor.has_perm("publications.add_article")
    assert editor.has_perm("publications.change_article")
    assert editor.has_perm("publications.add_attachment")
    assert editor.has_perm("taggit.add_tag")
    assert not editor.has_perm("auth.add_user")
    assert not editor.has_perm("auth.change_user")
    assert not editor.has_perm("auth.change_group")


def test_editor_sees_the_article_list_with_its_columns(client, editor, series):
    ArticleFactory(series=series, title="Listed piece", hits=77)
    client.force_login(editor)
    page = client.get("/admin/publications/article/").content.decode()
    assert "Listed piece" in page
    for column in [
        "column-title",
        "column-series",
        "column-status",
        "column-published_at",
        "column-hits",
    ]:
        assert column in page
    assert client.get("/admin/auth/user/").status_code == 403


def test_article_form_uses_the_rich_text_editor_and_inlines(client, editor, series):
    article = ArticleFactory(series=series, status="draft")
    client.force_login(editor)
    page = client.get(f"/admin/publications/article/{article.pk}/change/").content.decode()
    assert "ckeditor" in page
    assert "article_authors-TOTAL_FORMS" in page
    assert "attachments-TOTAL_FORMS" in page
    assert "View on site" in page


def test_admin_search_and_filters(client, editor, series):
    ArticleFactory(series=series, title="Needle in haystack")
    ArticleFactory(series=series, title="Other piece")
    client.force_login(editor)
    page = client.get("/admin/publications/article/", {"q": "Needle"}).content.decode()
    assert "Needle in haystack" in page and "Other piece" not in page
    assert client.get("/admin/publications/article/", {"status__exact": "draft"}).status_code == 200

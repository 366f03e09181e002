"""Editors see languages and translations in the admin, and start a translation from an article."""

import pytest
from django.urls import reverse

from publications.models import Article
from tests.factories import ArticleFactory, AttachmentFactory, AuthorFactory
from tests.publications.admin_forms import article_form, form_errors

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/publications/article/"


@pytest.fixture
def original(series, author):
    article = ArticleFactory(
        series=series, title="Original", slug="original", authors=[author], tags=["Alliance"]
    )
    AttachmentFactory(article=article)
    return article


def _translate(client, article):
    return client.post(reverse("admin:publications_article_translate", args=[article.pk]))


def test_start_a_translation_makes_a_linked_draft_in_the_other_language(staff_client, original):
    second_author = AuthorFactory(name="KIM Second")
    original.article_authors.create(author=second_author, position=1)
    response = _translate(staff_client, original)
    draft = Article.objects.exclude(pk=original.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:publications_article_change", args=[draft.pk])
    assert draft.language == "ko" and draft.status == Article.Status.DRAFT
    assert draft.series == original.series and draft.slug != original.slug
    assert [a.name for a in draft.ordered_authors()] == ["LEE TaeRim", "KIM Second"]
    assert list(draft.tags.names()) == ["Alliance"]
    [copy] = draft.attachments.all()
    [source] = original.attachments.all()
    assert copy.file.name != source.file.name
    assert copy.file.read() == source.file.open("rb").read()
    original.refresh_from_db()
    assert original.translation_key and draft.translation_key == original.translation_key


def test_a_second_translation_in_the_same_language_is_refused(staff_client, original):
    _translate(staff_client, original)
    response = _translate(staff_client, original)
    assert response.status_code == 302
    assert Article.objects.count() == 2
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("already has a translation" in m for m in messages)


def test_starting_a_translation_needs_a_post(staff_client, original):
    url = reverse("admin:publications_article_translate", args=[original.pk])
    assert staff_client.get(url).status_code == 405
    assert Article.objects.count() == 1


def test_starting_a_translation_needs_the_right_to_add(client, django_user_model, original):
    viewer = django_user_model.objects.create_user(
        "viewer", password="pw-viewer-123", is_staff=True
    )
    client.force_login(viewer)
    assert _translate(client, original).status_code == 403
    assert Article.objects.count() == 1


def test_changelist_shows_language_and_translation_and_filters_by_language(staff_client, original):
    _translate(staff_client, original)
    page = staff_client.get(CHANGELIST).content.decode()
    assert "field-language" in page and "field-translation_link" in page
    draft = Article.objects.get(language="ko")
    change = reverse("admin:publications_article_change", args=[draft.pk])
    assert f'<a href="{change}">Original</a>' in page
    only_korean = staff_client.get(CHANGELIST, {"language__exact": "ko"})
    assert list(only_korean.context["cl"].result_list) == [draft]


def test_the_change_form_links_a_translation(staff_client, series):
    english = ArticleFactory(series=series, slug="english")
    data = article_form(
        series, language="ko", title="한국어 글", slug="korean", translation=english.pk
    )
    response = staff_client.post("/admin/publications/article/add/", data)
    assert form_errors(response) == []
    korean = Article.objects.get(slug="korean")
    english.refresh_from_db()
    assert english.translation_key and english.translation_key == korean.translation_key


def test_a_translation_in_the_same_language_is_an_error(staff_client, series):
    english = ArticleFactory(series=series, slug="english")
    data = article_form(series, language="en", slug="other", translation=english.pk)
    response = staff_client.post("/admin/publications/article/add/", data)
    assert "A translation must be in the other language." in form_errors(response)
    assert not Article.objects.filter(slug="other").exists()


def test_the_admin_speaks_the_editors_language(staff_client):
    staff_client.post("/i18n/setlang/", {"language": "ko", "next": "/admin/"})
    page = staff_client.get("/admin/").content.decode()
    assert '<html lang="ko"' in page
    assert "발간물 관리" in page


def test_an_editor_may_translate_a_published_article_they_may_not_edit(
    client, django_user_model, original
):
    from tests.publications.workflow_support import ensure_role_groups, make_user

    ensure_role_groups()
    client.force_login(make_user(django_user_model, "translator", "Editors"))
    response = _translate(client, original)
    assert response.status_code == 302
    draft = Article.objects.get(language="ko")
    assert draft.status == Article.Status.DRAFT

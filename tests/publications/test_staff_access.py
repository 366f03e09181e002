"""Drafts, previews and staff PDFs need the permission to view articles, not staff status alone.

A penetration test found that any staff account (say, one made to look after the
mail log) could download any draft as a PDF by counting up ids.
"""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import ArticleFactory, AttachmentFactory

pytestmark = pytest.mark.django_db

READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"}


@pytest.fixture
def draft(series):
    return ArticleFactory(series=series, status="draft", title="Unreleased Analysis")


def staff_member(django_user_model, *permissions):
    user = django_user_model.objects.create_user(
        f"staff-{len(permissions)}", password="pw-staff-123456", is_staff=True
    )
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


@pytest.fixture
def staff_without_article_access(client, django_user_model):
    client.force_login(staff_member(django_user_model, "view_mail"))
    return client


@pytest.fixture
def staff_with_article_access(client, django_user_model):
    client.force_login(staff_member(django_user_model, "view_article"))
    return client


def test_staff_without_view_article_cannot_export_a_draft_pdf(staff_without_article_access, draft):
    response = staff_without_article_access.get(
        reverse("publications:article_pdf", args=[draft.pk])
    )
    assert response.status_code == 403


def test_staff_without_view_article_see_no_draft_preview(staff_without_article_access, draft):
    response = staff_without_article_access.get(draft.get_absolute_url(), **READER)
    assert response.status_code == 404


def test_staff_without_view_article_cannot_download_a_drafts_attachment(
    staff_without_article_access, draft
):
    attachment = AttachmentFactory(article=draft)
    response = staff_without_article_access.get(
        reverse("publications:attachment", args=[attachment.pk])
    )
    assert response.status_code == 404


def test_staff_without_view_article_get_no_staff_tools_on_public_pages(
    staff_without_article_access, article
):
    page = staff_without_article_access.get(article.get_absolute_url(), **READER)
    assert page.status_code == 200
    assert reverse("publications:article_pdf", args=[article.pk]) not in page.content.decode()


def test_staff_with_view_article_preview_and_export_drafts(staff_with_article_access, draft):
    preview = staff_with_article_access.get(draft.get_absolute_url(), **READER)
    assert preview.status_code == 200
    assert "Draft preview" in preview.content.decode()
    assert reverse("publications:article_pdf", args=[draft.pk]) in preview.content.decode()
    response = staff_with_article_access.get(reverse("publications:article_pdf", args=[draft.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"

"""Who may export a PDF, what comes back, and that it is rendered once per version."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from publications.models import Article, Author
from publications.pdf import render, store
from publications.signals import articles_changed
from tests.factories import ArticleFactory, SeriesFactory
from tests.publications.pdf_helpers import pdf_text
from thinktank.storage import private_storage

pytestmark = pytest.mark.django_db
# 08:00 on 27 July in Seoul is 23:00 on 26 July in UTC: only the local date is right.
SEOUL_MORNING = datetime.datetime(2021, 7, 26, 23, 0, tzinfo=datetime.UTC)


def pdf_url(article):
    return reverse("publications:article_pdf", args=[article.pk])


def body(response):
    return b"".join(response.streaming_content)


@pytest.fixture
def renders(monkeypatch):
    """Counts real renders (WeasyPrint runs) behind the view."""
    calls = []
    real = render.html_to_pdf

    def counting(html):
        calls.append(html)
        return real(html)

    monkeypatch.setattr(render, "html_to_pdf", counting)
    return calls


def test_anonymous_visitors_are_sent_to_the_admin_login(client, article):
    response = client.get(pdf_url(article))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={pdf_url(article)}"


def test_signed_in_users_without_staff_status_are_refused(client, article, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="pw-x-123456"))
    assert client.get(pdf_url(article)).status_code == 403


@pytest.mark.clocks
def test_staff_get_the_pdf_with_a_series_date_slug_file_name(staff_client, article):
    Article.objects.filter(pk=article.pk).update(published_at=SEOUL_MORNING)
    response = staff_client.get(pdf_url(article))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="ifans-focus_2021-07-27_an-analysis-of-the-biden-putin-summit.pdf"'
    )
    data = body(response)
    assert data.startswith(b"%PDF")
    assert "An Analysis of the Biden-Putin Summit" in pdf_text(data)


def test_korean_file_names_use_rfc_5987(staff_client, db):
    series = SeriesFactory(name="정책연구", slug="정책연구")
    article = ArticleFactory(series=series, title="한미 관계", slug="한미-관계")
    response = staff_client.get(pdf_url(article))
    assert "filename*=utf-8''%EC%A0%95%EC%B1%85" in response["Content-Disposition"]
    assert "%ED%95%9C%EB%AF%B8-%EA%B4%80%EA%B3%84.pdf" in response["Content-Disposition"]


def test_staff_can_export_drafts(staff_client, article):
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    response = staff_client.get(pdf_url(article))
    assert response.status_code == 200
    assert "Draft: not published" in pdf_text(body(response))


def test_a_stored_pdf_is_served_without_rendering_again(staff_client, article, renders):
    first = body(staff_client.get(pdf_url(article)))
    second = body(staff_client.get(pdf_url(article)))
    assert len(renders) == 1
    assert first == second


def test_a_stale_pdf_is_never_served_after_an_edit_by_any_path(staff_client, article, renders):
    assert "An Analysis" in pdf_text(body(staff_client.get(pdf_url(article))))

    Article.objects.filter(pk=article.pk).update(title="Edited Around Save")
    assert "Edited Around Save" in pdf_text(body(staff_client.get(pdf_url(article))))

    Author.objects.filter(slug="lee-taerim").update(name_en="LEE Renamed")
    assert "LEE Renamed" in pdf_text(body(staff_client.get(pdf_url(article))))

    article.refresh_from_db()
    article.tags.set(["FreshTag"])
    assert "#FreshTag" in pdf_text(body(staff_client.get(pdf_url(article))))
    assert len(renders) == 4
    # Only the current version is kept.
    _folders, files = private_storage().listdir(store.article_folder(article))
    assert files == [store.stored_name(article).rsplit("/", 1)[1]]


def test_the_pdf_view_runs_a_fixed_number_of_queries(
    staff_client, article, django_assert_max_num_queries
):
    staff_client.get(pdf_url(article))
    with django_assert_max_num_queries(8):
        staff_client.get(pdf_url(article))


def test_the_article_page_shows_the_export_link_to_staff_only(staff_client, article):
    link = f'href="{pdf_url(article)}"'
    assert link in staff_client.get(article.get_absolute_url()).content.decode()
    assert link not in Client().get(article.get_absolute_url()).content.decode()


def test_the_admin_change_page_has_an_export_pdf_button(staff_client, article):
    page = staff_client.get(reverse("admin:publications_article_change", args=[article.pk]))
    assert f'href="{pdf_url(article)}"' in page.content.decode()
    assert "Export PDF" in page.content.decode()


@pytest.mark.django_db(transaction=True)  # the admin's transaction really commits
@pytest.mark.clocks
def test_saving_in_the_admin_renders_the_pdf_in_the_background(staff_client, series, eager_celery):
    article = ArticleFactory(series=series, title="Before", slug="before")
    published = timezone.localtime(article.published_at)
    form = {
        "series": series.pk,
        "language": "en",
        "title": "Warm After Save",
        "slug": "before",
        "summary": "",
        "body": "<p>Saved in the admin.</p>",
        "tags": "",
        "status": "published",
        "published_at_0": published.strftime("%Y-%m-%d"),
        "published_at_1": published.strftime("%H:%M:%S"),
    }
    for prefix in ["article_authors", "attachments"]:
        form.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    sent = []

    def listener(sender, article_ids, **kwargs):
        sent.append(article_ids)

    articles_changed.connect(listener)
    try:
        response = staff_client.post(
            reverse("admin:publications_article_change", args=[article.pk]), form
        )
    finally:
        articles_changed.disconnect(listener)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert sent == [frozenset({article.pk})]  # one announcement for the whole save
    article = render.pdf_articles().get(pk=article.pk)
    assert article.title == "Warm After Save"
    assert store.is_stored(article)


@pytest.mark.django_db(transaction=True)
def test_warming_after_a_save_survives_an_unreachable_broker(article, monkeypatch):
    from publications.pdf import tasks

    attempts = []

    def broken(*args, **kwargs):
        attempts.append(args)
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.warm_article_pdfs, "delay", broken)
    article.title = "Saved while the broker is down"
    article.save()  # autocommit: committed, then announced
    assert attempts == [([article.pk],)]
    assert Article.objects.get(pk=article.pk).title == "Saved while the broker is down"

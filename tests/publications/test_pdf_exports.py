"""Bulk PDF exports: the admin action records a job, the worker fills a ZIP."""

import io
import json
import zipfile

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse

from publications.models import Article, PdfExportJob
from publications.pdf import background, exports, render, store
from tests import services
from tests.factories import ArticleFactory
from tests.publications import pdf_helpers
from thinktank.celery import app as celery_app


@pytest.fixture
def articles(series, author):
    return [
        ArticleFactory(series=series, title=f"Exported {n}", slug=f"exported-{n}", authors=[author])
        for n in range(3)
    ]


def zip_contents(job):
    with job.zip_file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.mark.django_db
def test_the_job_builds_a_zip_with_one_pdf_per_article(articles, staff_client):
    job = background.start_export(None, [a.pk for a in articles])
    job = exports.run_export(job.pk)
    assert job.status == PdfExportJob.Status.FINISHED
    assert (job.done, job.total, job.failures) == (3, 3, [])
    contents = zip_contents(job)
    expected = {render.pdf_filename(render.pdf_articles().get(pk=a.pk)) for a in articles}
    assert set(contents) == expected
    for name, data in contents.items():
        assert data.startswith(b"%PDF")
        assert name.split("_")[-1].removesuffix(".pdf") in pdf_helpers.pdf_text(data).lower()


@pytest.mark.django_db
def test_the_job_reuses_stored_pdfs(articles, monkeypatch):
    for article in render.pdf_articles():
        store.ensure_pdf(article)
    monkeypatch.setattr(render, "render_pdf", lambda article: pytest.fail("rendered again"))
    job = exports.run_export(background.start_export(None, [a.pk for a in articles]).pk)
    assert len(zip_contents(job)) == 3


@pytest.mark.django_db
def test_a_missing_article_is_a_recorded_failure_not_a_failed_job(articles):
    gone = ArticleFactory(slug="gone")
    gone_pk = gone.pk
    job = background.start_export(None, [articles[0].pk, gone_pk])
    gone.delete()
    job = exports.run_export(job.pk)
    assert job.status == PdfExportJob.Status.FINISHED
    assert [failure["id"] for failure in job.failures] == [gone_pk]
    assert len(zip_contents(job)) == 1


@pytest.mark.django_db
def test_a_finished_job_is_not_run_again(articles):
    job = exports.run_export(background.start_export(None, [articles[0].pk]).pk)
    assert exports.run_export(job.pk) is None


@pytest.mark.django_db
def test_the_job_runs_through_celery_when_enqueued(
    articles, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = background.start_export(None, [a.pk for a in articles])
    job.refresh_from_db()
    assert job.status == PdfExportJob.Status.FINISHED
    assert len(zip_contents(job)) == 3


@pytest.mark.django_db
def test_an_unreachable_broker_fails_the_job_visibly(
    articles, monkeypatch, django_capture_on_commit_callbacks
):
    from publications.pdf import tasks

    def broken(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.run_pdf_export, "delay", broken)
    with django_capture_on_commit_callbacks(execute=True):
        job = background.start_export(None, [articles[0].pk])
    job.refresh_from_db()
    assert job.status == PdfExportJob.Status.FAILED
    assert "queue" in job.error


@pytest.mark.django_db
def test_the_admin_action_creates_a_job_and_the_progress_page_shows_it(
    staff_client, articles, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = staff_client.post(
            reverse("admin:publications_article_changelist"),
            {"action": "export_pdfs", "_selected_action": [a.pk for a in articles]},
        )
    job = PdfExportJob.objects.get()
    assert len(callbacks) == 1  # the enqueue, once the request's transaction commits
    assert sorted(job.article_ids) == sorted(a.pk for a in articles)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:publications_pdfexportjob_change", args=[job.pk])

    page = staff_client.get(response["Location"]).content.decode()
    assert "0 of 3 articles" in page
    assert '<meta http-equiv="refresh"' in page
    assert "Download ZIP" not in page

    exports.run_export(job.pk)
    page = staff_client.get(response["Location"]).content.decode()
    assert "3 of 3 articles" in page
    assert '<meta http-equiv="refresh"' not in page
    download = reverse("admin:publications_pdfexportjob_download", args=[job.pk])
    assert f'href="{download}"' in page
    archive = staff_client.get(download)
    assert archive["Content-Disposition"] == f'attachment; filename="pdf-export-{job.pk}.zip"'
    names = zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))).namelist()
    assert len(names) == 3


@pytest.mark.django_db
def test_the_admin_action_for_many_articles_only_records_the_job(
    staff_client, series, monkeypatch, django_capture_on_commit_callbacks
):
    Article.objects.bulk_create(
        Article(series=series, title=f"Bulk {n}", slug=f"bulk-{n}", status="published")
        for n in range(1000)
    )
    monkeypatch.setattr(render, "render_pdf", lambda article: pytest.fail("rendered in request"))
    with django_capture_on_commit_callbacks(execute=False):
        staff_client.post(
            reverse("admin:publications_article_changelist"),
            {"action": "export_pdfs", "select_across": "1", "_selected_action": ["1"]},
        )
    assert PdfExportJob.objects.get().total == 1000


@pytest.fixture
def redis_broker(redis_url):
    """The test process sends tasks to the throwaway Redis (database 7)."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.broker_transport_options
    broker = services.Broker(redis_url, 7)
    broker.flush()
    broker.use()
    yield broker
    broker.flush()
    services.use_broker(celery_app, saved[0])
    conf.broker_transport_options = saved[1]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_runs_the_export(redis_broker, series, author, tmp_path):
    articles = [
        ArticleFactory(series=series, title=f"Worker {n}", slug=f"worker-{n}", authors=[author])
        for n in range(3)
    ]
    env = services.worker_env(
        database_url=services.required(services.postgres_url, connection.settings_dict),
        broker_url=redis_broker.url,
        MEDIA_ROOT=django_settings.MEDIA_ROOT,
        PRIVATE_ROOT=django_settings.PRIVATE_ROOT,
        SITE_URL=django_settings.SITE_URL,
    )
    worker = services.Worker(env, tmp_path / "worker.log")
    try:
        services.required(worker.start)
        job = background.start_export(None, [a.pk for a in articles])  # autocommit: enqueued

        def finished():
            job.refresh_from_db()
            return not job.is_active

        services.wait_for(finished, timeout=60, what="the export job")
    finally:
        worker.stop()
        print(f"--- worker.log ---\n{worker.output()[-4000:]}")  # shown if the test fails
    assert job.status == PdfExportJob.Status.FINISHED, worker.output()
    assert len(zip_contents(job)) == 3


@pytest.mark.django_db(transaction=True)
def test_pdf_work_goes_to_its_own_queue_so_exports_never_delay_mail(redis_broker, series):
    article = ArticleFactory(series=series)  # its save asks for the PDF (and share card)
    background.start_export(None, [article.pk])
    queued = [json.loads(m)["headers"]["task"] for m in redis_broker.redis.lrange("pdf", 0, -1)]
    assert sorted(queued) == [
        "publications.share_card.tasks.warm_share_cards",  # rendering too (share cards)
        "publications.tasks.run_pdf_export",
        "publications.tasks.warm_article_pdfs",
        "search.tasks.index_articles",  # and indexing: the "celery" queue is mail's alone
    ]
    assert redis_broker.redis.llen("celery") == 0

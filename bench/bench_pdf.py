"""PDF export figures: first render vs bare WeasyPrint, stored export, 100 in bulk.

Runs against a throwaway database (created and dropped here) and a temporary
MEDIA_ROOT. With TEST_REDIS_URL set (bin/with-services), the bulk export runs
end to end on a real Celery worker over Redis; otherwise the job function
runs in-process. Prints figures; asserts nothing about speed.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import services  # noqa: E402 - the same worker harness as the tests

MEDIA = Path(tempfile.mkdtemp(prefix="bench-pdf-media-"))
os.environ.update(MEDIA_ROOT=str(MEDIA), SITE_URL="http://testserver")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thinktank.settings")
REDIS = os.environ.get("TEST_REDIS_URL")
if REDIS:
    os.environ["CELERY_BROKER_URL"] = f"{REDIS}/8"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082"
)
PARAGRAPH = (
    "<p>The summit between President Biden and President Putin in Geneva on 16 June 2021 "
    "was the first meeting of the two leaders since Biden took office. 한반도 평화와 "
    "비핵화를 위한 외교적 노력은 새로운 국면에 접어들었으며, 미러 관계의 안정은 동북아 "
    "전략 환경에 중대한 영향을 미친다. Both sides agreed to launch a bilateral strategic "
    "stability dialogue and to return their ambassadors to their posts.</p>"
)
TABLE = (
    "<table><caption>Key outcomes</caption><thead><tr><th>Area</th><th>Outcome</th></tr>"
    "</thead><tbody>"
    + "".join(f"<tr><td>Area {n} 분야</td><td>Agreed follow-up {n}</td></tr>" for n in range(8))
    + "</tbody></table>"
)
BODY = (
    "<h2>I. Introduction</h2>"
    + PARAGRAPH * 4
    + '<figure><img src="/media/images/bench-chart.png" width="400" height="200">'
    "<figcaption>Figure 1. 그림 1</figcaption></figure>"
    + "<h2>II. Assessment</h2>"
    + PARAGRAPH * 5
    + TABLE
    + "<h2>III. Implications for Korea</h2>"
    + PARAGRAPH * 5
)


def median_ms(samples):
    return statistics.median(samples) * 1000


def reference_article():
    from tests.factories import ArticleFactory, AuthorFactory, SeriesFactory

    (MEDIA / "images").mkdir(parents=True, exist_ok=True)
    (MEDIA / "images" / "bench-chart.png").write_bytes(PNG)
    return ArticleFactory(
        series=SeriesFactory(name="IFANS Focus", slug="ifans-focus"),
        title="An Analysis of the Biden-Putin Summit and Its Implications",
        slug="an-analysis-of-the-biden-putin-summit",
        summary="The first summit of the two presidents and what it means for Korea.",
        body=BODY,
        authors=[
            AuthorFactory(name="LEE TaeRim", title="Professor"),
            AuthorFactory(name="김민수", title="연구위원"),
        ],
        tags=["USRussiaRelations", "BidenPutinSummit", "한미관계"],
    )


def bench_first_render(article, rounds=7):
    from weasyprint import HTML

    from publications.models import Article
    from publications.pdf import render, store

    static_dir = ROOT / "static"
    ours, bare = [], []
    for n in range(rounds + 1):
        Article.objects.filter(pk=article.pk).update(title=f"{article.title} ({n})")
        fresh = render.pdf_articles().get(pk=article.pk)
        started = time.perf_counter()
        store.ensure_pdf(fresh)  # version hash, template, render, store
        ours_time = time.perf_counter() - started
        html = render.render_html(fresh)
        html = html.replace('href="/static/', f'href="file://{static_dir}/')
        html = html.replace('src="/media/', f'src="file://{MEDIA}/')
        started = time.perf_counter()
        HTML(string=html).write_pdf()
        bare_time = time.perf_counter() - started
        if n:  # the first round warms fontconfig and imports for both
            ours.append(ours_time)
            bare.append(bare_time)
    print(f"first render (hash + template + render + store), median: {median_ms(ours):.0f} ms")
    print(f"bare WeasyPrint render of the same HTML, median:       {median_ms(bare):.0f} ms")
    print(f"ratio: {statistics.median(ours) / statistics.median(bare):.2f}x (target <= 1.5x)")


def bench_stored(article, rounds=50):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.test import Client
    from django.urls import reverse

    user = get_user_model().objects.create_user("bench", is_staff=True)
    # Staff files need the permission to view articles, not staff status alone.
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client = Client()
    client.force_login(user)
    url = reverse("publications:article_pdf", args=[article.pk])
    b"".join(client.get(url).streaming_content)
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(url)
        b"".join(response.streaming_content)
        samples.append(time.perf_counter() - started)
    assert response.status_code == 200
    print(f"stored PDF served by the staff view, median of {rounds}: {median_ms(samples):.1f} ms")


def _worker():
    """A worker on the test database (os.environ names the broker and MEDIA_ROOT), ready."""
    env = services.worker_env(
        database_url=services.postgres_url(connection.settings_dict),
        broker_url=os.environ["CELERY_BROKER_URL"],
    )
    return services.Worker(env, MEDIA / "worker.log").start(timeout=60)


def _job(ids):
    """A job row without enqueueing it, for running the job function here."""
    from publications.models import PdfExportJob

    return PdfExportJob.objects.create(article_ids=ids, total=len(ids))


def bench_bulk(count=100):
    from publications.models import Article, Series
    from publications.pdf import background, exports

    series = Series.objects.get(slug="ifans-focus")
    ids = [
        Article.objects.create(
            series=series, title=f"Bulk {n}", slug=f"bulk-{n}", body=BODY, status="published"
        ).pk
        for n in range(count)
    ]
    real_worker = bool(REDIS) and "postgresql" in settings.DATABASES["default"]["ENGINE"]
    worker = _worker() if real_worker else None
    try:
        started = time.perf_counter()
        if worker:  # started and consuming: the clock starts now
            job = background.start_export(None, ids)  # autocommit: enqueued at once

            def finished():
                job.refresh_from_db()
                return not job.is_active

            services.wait_for(finished, timeout=600, interval=0.2, what="the bulk export")
        else:
            job = exports.run_export(_job(ids).pk)
        elapsed = time.perf_counter() - started
    finally:
        if worker:
            worker.stop()
    how = "Celery worker on Redis" if worker else "job function in-process (no Redis)"
    print(
        f"{count} articles exported in bulk ({how}, cold, no stored PDFs): {elapsed:.1f} s, "
        f"status {job.status}, {len(job.failures)} failures, ZIP {job.zip_file.size // 1024} KiB"
    )
    started = time.perf_counter()
    job = exports.run_export(_job(ids).pk)
    elapsed = time.perf_counter() - started
    print(f"{count} articles again, PDFs stored (job function in-process): {elapsed:.1f} s")


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        article = reference_article()
        bench_first_render(article)
        bench_stored(article)
        bench_bulk()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

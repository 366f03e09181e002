"""Bulk PDF exports: a job row, a worker that fills a ZIP, progress for the admin.

start_export() records the job and enqueues it; the worker runs run_export(),
which reuses stored PDFs (publications.pdf.ensure_pdf), writes the ZIP
incrementally on disk and records progress after every article, so the admin
page can show "done of total" while it runs. Nothing here holds a request.
"""

import logging
import os
import zipfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import PdfExportJob
from .pdf import ensure_pdf, pdf_articles, pdf_filename

logger = logging.getLogger(__name__)

CHUNK = 50
PREWARM_CHUNK = 10
EXPORTS_DIR = "pdf-exports"


def start_export(user, article_ids):
    """Record an export of these articles and enqueue it once the transaction commits."""
    ids = list(dict.fromkeys(int(pk) for pk in article_ids))
    job = PdfExportJob.objects.create(requested_by=user, article_ids=ids, total=len(ids))

    def enqueue():
        from .tasks import run_pdf_export

        try:
            run_pdf_export.delay(job.pk)
        except Exception:
            logger.exception("Could not enqueue PDF export %s", job.pk)
            PdfExportJob.objects.filter(pk=job.pk, status=PdfExportJob.Status.QUEUED).update(
                status=PdfExportJob.Status.FAILED,
                error="The task queue could not be reached; please try again.",
                finished_at=timezone.now(),
            )

    transaction.on_commit(enqueue)
    return job


def _unique(name, taken):
    stem, suffix = os.path.splitext(name)
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}{suffix}"
    taken.add(candidate)
    return candidate


def _prewarm(article_ids):
    """Let idle worker processes render PDFs from the end of the list while this
    one works from the start; whatever they store, the job only has to zip."""
    from .tasks import warm_article_pdfs

    chunks = [
        article_ids[start : start + PREWARM_CHUNK]
        for start in range(PREWARM_CHUNK, len(article_ids), PREWARM_CHUNK)
    ]
    for chunk in reversed(chunks):
        try:
            warm_article_pdfs.delay(chunk[::-1])
        except Exception:
            logger.warning("Could not enqueue PDF pre-rendering; the job renders alone")
            return


def _fill_zip(job, archive):
    """Add one PDF per article to `archive`, recording progress as it goes."""
    done, failures, names = 0, [], set()
    for start in range(0, len(job.article_ids), CHUNK):
        chunk = job.article_ids[start : start + CHUNK]
        articles = pdf_articles().in_bulk(chunk)
        for pk in chunk:
            article = articles.get(pk)
            if article is None:
                failures.append({"id": pk, "title": "", "error": "the article no longer exists"})
            else:
                try:
                    # PDFs are already compressed: store them as they are.
                    pdf_path = ensure_pdf(article)
                    archive.write(pdf_path, arcname=_unique(pdf_filename(article), names))
                except Exception as exc:
                    logger.exception("PDF export %s: article %s failed", job.pk, pk)
                    failures.append({"id": pk, "title": article.title, "error": str(exc)[:300]})
            done += 1
            PdfExportJob.objects.filter(pk=job.pk).update(done=done, failures=failures)
    return failures


def run_export(job_id):
    """Run export `job_id` to the end (the worker's half). A job that is already
    finished is left alone; one redelivered after a lost worker starts over."""
    active = [PdfExportJob.Status.QUEUED, PdfExportJob.Status.RUNNING]
    claimed = PdfExportJob.objects.filter(pk=job_id, status__in=active).update(
        status=PdfExportJob.Status.RUNNING, started_at=timezone.now(), done=0, failures=[]
    )
    if not claimed:
        return None
    job = PdfExportJob.objects.get(pk=job_id)
    folder = Path(settings.PRIVATE_ROOT) / EXPORTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f"{job.pk}.zip.part"
    _prewarm(job.article_ids)
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED) as archive:
            failures = _fill_zip(job, archive)
        os.replace(partial, folder / f"{job.pk}.zip")
    except Exception as exc:
        logger.exception("PDF export %s failed", job.pk)
        partial.unlink(missing_ok=True)
        PdfExportJob.objects.filter(pk=job.pk).update(
            status=PdfExportJob.Status.FAILED, error=str(exc)[:1000], finished_at=timezone.now()
        )
        return None
    PdfExportJob.objects.filter(pk=job.pk).update(
        status=PdfExportJob.Status.FINISHED,
        zip_file=f"{EXPORTS_DIR}/{job.pk}.zip",
        done=job.total,
        failures=failures,
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


def delete_jobs(jobs):
    """Delete export jobs and their ZIP files."""
    for job in jobs:
        if job.zip_file:
            job.zip_file.delete(save=False)
        job.delete()

"""The worker's half of a bulk PDF export: fill a ZIP, record progress.

background.start_export() records the job and enqueues it; the worker claims
it (claim) and builds the ZIP (build), reusing stored PDFs (store.ensure_pdf),
writing the ZIP incrementally on disk and recording progress after every
article, so the admin page can show "done of total" while it runs. Nothing
here holds a request.
"""

import logging
import os
import shutil
import tempfile
import zipfile

from django.core.files import File
from django.utils import timezone

from thinktank.storage import private_storage

from .models import PdfExportJob
from .render import pdf_articles, pdf_filename
from .store import open_pdf

logger = logging.getLogger(__name__)

CHUNK = 50
EXPORTS_DIR = "pdf-exports"


def _unique(name, taken):
    stem, suffix = os.path.splitext(name)
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}{suffix}"
    taken.add(candidate)
    return candidate


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
                    arcname = _unique(pdf_filename(article), names)
                    with open_pdf(article) as pdf, archive.open(arcname, "w") as member:
                        shutil.copyfileobj(pdf, member)
                except Exception as exc:
                    logger.exception("PDF export %s: article %s failed", job.pk, pk)
                    failures.append({"id": pk, "title": article.title, "error": str(exc)[:300]})
            done += 1
            PdfExportJob.objects.filter(pk=job.pk).update(done=done, failures=failures)
    return failures


def claim(job_id):
    """Mark export `job_id` running and return it; None if it is already finished.

    A job redelivered after a lost worker is claimed again and starts over.
    """
    active = [PdfExportJob.Status.QUEUED, PdfExportJob.Status.RUNNING]
    claimed = PdfExportJob.objects.filter(pk=job_id, status__in=active).update(
        status=PdfExportJob.Status.RUNNING, started_at=timezone.now(), done=0, failures=[]
    )
    return PdfExportJob.objects.get(pk=job_id) if claimed else None


def build(job):
    """Write the ZIP of a claimed `job` to the end; returns the job, finished or failed."""
    # The ZIP grows in a local temporary file, then goes to the private
    # storage whole (a bucket takes whole objects; readers never see half).
    try:
        with tempfile.TemporaryFile(suffix=".zip") as partial:
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED) as archive:
                failures = _fill_zip(job, archive)
            partial.seek(0)
            storage = private_storage()
            name = f"{EXPORTS_DIR}/{job.pk}.zip"
            if storage.exists(name):  # a redelivered job starts over
                storage.delete(name)
            name = storage.save(name, File(partial, name=name))
    except Exception as exc:
        logger.exception("PDF export %s failed", job.pk)
        PdfExportJob.objects.filter(pk=job.pk).update(
            status=PdfExportJob.Status.FAILED, error=str(exc)[:1000], finished_at=timezone.now()
        )
    else:
        PdfExportJob.objects.filter(pk=job.pk).update(
            status=PdfExportJob.Status.FINISHED,
            zip_file=name,
            done=job.total,
            failures=failures,
            finished_at=timezone.now(),
        )
    job.refresh_from_db()
    return job


def run_export(job_id):
    """Claim and build export `job_id` in this process; None if it was already finished."""
    job = claim(job_id)
    return build(job) if job is not None else None


def delete_jobs(jobs):
    """Delete export jobs and their ZIP files."""
    for job in jobs:
        if job.zip_file:
            job.zip_file.delete(save=False)
        job.delete()

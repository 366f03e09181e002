"""What the web process hands to the Celery worker: exports, and PDF warming.

start_export() records a bulk export and enqueues it once the transaction
commits. warm_changed_articles() listens to publications.signals.articles_changed
(connected in PublicationsConfig.ready), which is sent after commit with the
ids of the articles any write touched, so whoever edits an article (admin,
importer, shell) never asks for its PDF: the worker renders it in the
background and the first export finds it stored. A broker that cannot be
reached is logged, never raised: the PDF is then rendered on its first export.
"""

import logging

from django.db import transaction
from django.utils import timezone

from .models import PdfExportJob
from .tasks import run_pdf_export, warm_article_pdfs

logger = logging.getLogger(__name__)

WARM_CHUNK = 20


def start_export(user, article_ids):
    """Record an export of these articles and enqueue it once the transaction commits."""
    ids = list(dict.fromkeys(int(pk) for pk in article_ids))
    job = PdfExportJob.objects.create(requested_by=user, article_ids=ids, total=len(ids))

    def enqueue():
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


def warm_changed_articles(sender, article_ids, **kwargs):
    """Have the worker render the current PDFs of the changed articles."""
    ids = sorted(article_ids)
    for start in range(0, len(ids), WARM_CHUNK):
        try:
            warm_article_pdfs.delay(ids[start : start + WARM_CHUNK])
        except Exception:
            logger.exception("Could not enqueue PDF rendering; it will happen on export")
            return

"""The PDF jobs the Celery worker runs; each only calls store or exports.

Task names are the ones these tasks had before they moved here, so messages
already queued by a previous release still find them.
"""

import logging

from celery import shared_task

from . import exports, store

logger = logging.getLogger(__name__)

PREWARM_CHUNK = 10


@shared_task(name="publications.tasks.warm_article_pdfs")
def warm_article_pdfs(article_ids):
    """Render and store the current PDFs of these articles."""
    return store.warm_pdfs(article_ids)


@shared_task(name="publications.tasks.run_pdf_export")
def run_pdf_export(job_id):
    """Run a bulk PDF export job (see background.start_export)."""
    job = exports.claim(job_id)
    if job is None:
        return None
    _prewarm(job.article_ids)
    return exports.build(job).status


def _prewarm(article_ids):
    """Let idle worker processes render PDFs from the end of the list while this
    one works from the start; whatever they store, the job only has to zip."""
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

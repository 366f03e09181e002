from celery import shared_task

from . import pdf, pdf_exports
from .hits import flush_buffered_hits


@shared_task
def flush_hits():
    """Beat job: buffered hit counts into the database."""
    return flush_buffered_hits()


@shared_task
def warm_article_pdfs(article_ids):
    """Render and store the current PDFs of these articles (see pdf.warm_after_commit)."""
    return pdf.warm_pdfs(article_ids)


@shared_task
def run_pdf_export(job_id):
    """Run a bulk PDF export job (see pdf_exports.start_export)."""
    job = pdf_exports.run_export(job_id)
    return job.status if job else None

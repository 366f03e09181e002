from celery import shared_task

from . import indexing


@shared_task
def extract_attachment_text(attachment_id, using=None):
    """Extract an attachment's text and re-index its article (see search.signals)."""
    return indexing.extract_attachment(attachment_id, using)

from celery import shared_task

from . import indexing


@shared_task
def extract_attachment_text(attachment_id, using=None):
    """Extract an attachment's text and re-index its article (see search.signals)."""
    return indexing.extract_attachment(attachment_id, using)


@shared_task
def index_articles(article_ids, using=None):
    """Bring the search documents of these articles up to date (see search.signals)."""
    indexing.index_articles(article_ids, using)

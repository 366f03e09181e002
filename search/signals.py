"""The one place where search hears about content changes.

connect() is called from SearchConfig.ready(). The index follows
publications' own hook, articles_changed, sent once a transaction has
committed with the ids of every article whose page may show something new
(the article, its authors, tags, attachments, series): what filters and
facets read is copied onto their documents at once, and the Celery worker
re-indexes their words. A new or replaced attachment also has its text extracted
there.
"""

import logging

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import post_save

from publications.models import Attachment
from publications.signals import articles_changed

from . import indexing
from .indexing import needs_extraction
from .tasks import extract_attachment_text, index_articles

logger = logging.getLogger(__name__)


def index_changed_articles(sender, article_ids, using=DEFAULT_DB_ALIAS, **kwargs):
    """articles_changed (sent after the commit): re-index these articles in the Celery worker.

    Not in the web process: tokenising an article with its attached full texts
    takes seconds, and would load the Korean analyser into every worker that
    serves the admin. If the broker is out of reach, the index is brought up to
    date here instead, so it never lags behind for long.
    """
    if not article_ids:
        return
    ids = sorted(article_ids)
    try:  # status, date, series, authors, tags: on the documents at once (cheap)
        indexing.refresh_facets(ids, using)
    except Exception:  # never the editor's error; the indexing below copies them too
        logger.exception("Cannot refresh the search documents of articles %s", ids)
    try:
        index_articles.delay(ids, using)
    except Exception:
        logger.exception("Cannot enqueue indexing of articles %s; indexing them now", ids)
        try:
            indexing.index_articles(ids, using)
        except Exception:  # never the editor's error; rebuild_search_index repairs
            logger.exception("Cannot index articles %s", ids)


def schedule_extraction(attachment_id, using):
    def enqueue():
        try:
            extract_attachment_text.delay(attachment_id, using)
        except Exception:  # the broker is down: rebuild_search_index catches up
            logger.exception("Cannot enqueue text extraction of attachment %s", attachment_id)

    transaction.on_commit(enqueue, using=using)


def attachment_saved(sender, instance, using, **kwargs):
    if instance.file and needs_extraction(instance):
        schedule_extraction(instance.pk, using)


def connect():
    articles_changed.connect(index_changed_articles, dispatch_uid="search-index")
    post_save.connect(attachment_saved, sender=Attachment, dispatch_uid="search-extract")

"""The one place where search hears about content changes.

connect() is called from SearchConfig.ready(). The index follows
publications' own hook, articles_changed, sent once a transaction has
committed with the ids of every article whose page may show something new
(the article, its authors, tags, attachments, series). A new or replaced
attachment also has its text extracted, by the Celery worker.
"""

import logging

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import post_save

from publications.models import Attachment
from publications.signals import articles_changed

from .indexing import index_article, needs_extraction
from .tasks import extract_attachment_text

logger = logging.getLogger(__name__)


def index_changed_articles(sender, article_ids, using=DEFAULT_DB_ALIAS, **kwargs):
    """articles_changed: bring the documents of these articles up to date (after commit)."""
    for article_id in sorted(article_ids):
        try:
            index_article(article_id, using)
        except Exception:  # never the editor's error; rebuild_search_index repairs
            logger.exception("Cannot index article %s", article_id)


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

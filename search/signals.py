"""The one place where search hears about content changes.

connect() is called from SearchConfig.ready(). Today it listens to Django's
model signals on the publications models; when publications sends its own
`articles_changed` signal, this is the function to switch over.
Index updates run after the transaction commits; extraction of attachment
text runs in the Celery worker.
"""

import logging

from django.db import connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)


class PendingIndex:
    """The articles to re-index when the current transaction commits: one callback for all."""

    def __init__(self, using):
        self.using = using
        self.article_ids = set()
        self.done = False

    def __call__(self):
        from .indexing import index_article

        self.done = True
        for article_id in sorted(self.article_ids):
            try:
                index_article(article_id, self.using)
            except Exception:  # never the editor's error; rebuild_search_index repairs
                logger.exception("Cannot index article %s", article_id)


def schedule_index(article_id, using):
    connection = connections[using]
    pending = getattr(connection, "search_pending_index", None)
    registered = (
        pending is not None
        and not pending.done
        and any(callback is pending for _, callback, _ in connection.run_on_commit)
    )
    if not registered:  # first change in this transaction (or the last one rolled back)
        pending = connection.search_pending_index = PendingIndex(using)
        pending.article_ids.add(article_id)
        transaction.on_commit(pending, using=using)
    else:
        pending.article_ids.add(article_id)


def schedule_extraction(attachment_id, using):
    from .tasks import extract_attachment_text

    def enqueue():
        try:
            extract_attachment_text.delay(attachment_id, using)
        except Exception:  # the broker is down: rebuild_search_index catches up
            logger.exception("Cannot enqueue text extraction of attachment %s", attachment_id)

    transaction.on_commit(enqueue, using=using)


def article_saved(sender, instance, using, **kwargs):
    schedule_index(instance.pk, using)


def part_changed(sender, instance, using, **kwargs):
    schedule_index(instance.article_id, using)


def attachment_saved(sender, instance, using, **kwargs):
    from .indexing import needs_extraction

    if instance.file and needs_extraction(instance):
        schedule_extraction(instance.pk, using)


def author_saved(sender, instance, using, **kwargs):
    from publications.models import ArticleAuthor

    links = ArticleAuthor.objects.using(using).filter(author=instance)
    for article_id in links.values_list("article_id", flat=True):
        schedule_index(article_id, using)


def tags_changed(sender, instance, action, reverse, pk_set, using, **kwargs):
    if not action.startswith("post_"):
        return
    article_ids = (pk_set or ()) if reverse else [instance.pk]
    for article_id in article_ids:
        schedule_index(article_id, using)


def connect():
    from publications.models import Article, ArticleAuthor, Attachment, Author

    post_save.connect(article_saved, sender=Article, dispatch_uid="search-article")
    post_delete.connect(article_saved, sender=Article, dispatch_uid="search-article-del")
    for model in (ArticleAuthor, Attachment):
        post_save.connect(part_changed, sender=model, dispatch_uid=f"search-{model}")
        post_delete.connect(part_changed, sender=model, dispatch_uid=f"search-{model}-del")
    post_save.connect(attachment_saved, sender=Attachment, dispatch_uid="search-extract")
    post_save.connect(author_saved, sender=Author, dispatch_uid="search-author")
    m2m_changed.connect(tags_changed, sender=Article.tags.through, dispatch_uid="search-tags")

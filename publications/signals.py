"""articles_changed: the one hook for "what readers see has changed".

Sent once per committed transaction that wrote published content, with
`article_ids`, a frozenset of the ids of the articles whose own page or PDF
may now differ (created, edited, deleted, retagged, re-authored, or touched
through their series or an author). It may be empty: a new series changes
only what every page shows around the articles (the navigation).

Writes reach it through articles_written(): model saves, deletes and m2m
changes (publications/writes.py) and ArticleQuerySet.update()/delete().
Listeners (connected in PublicationsConfig.ready): the page cache, which
drops every cached page, and PDF warming, which renders the new versions.

Ids are gathered per thread and database until the transaction commits, then
sent once. Ids written inside a transaction that rolls back ride along with
the next commit in that thread: an extra invalidation, never a missed one.
"""

import logging
import threading

from django.db import DEFAULT_DB_ALIAS, transaction
from django.dispatch import Signal

articles_changed = Signal()  # sent with article_ids=frozenset({...})

logger = logging.getLogger(__name__)
_pending = threading.local()


def articles_written(article_ids, using=DEFAULT_DB_ALIAS):
    """Record a write to these articles; articles_changed follows the commit."""
    batches = _batches()
    batches.setdefault(using, set()).update(int(pk) for pk in article_ids)
    transaction.on_commit(lambda: _send(using), using=using)


def _batches():
    if not hasattr(_pending, "batches"):
        _pending.batches = {}
    return _pending.batches


def _send(using):
    # Every write registers this; the first to run after the commit sends the
    # whole batch, the others find it gone.
    ids = _batches().pop(using, None)
    if ids is None:
        return
    # Robust: the data is committed; a listener that fails (a cache or broker
    # out of reach) is logged and must not turn the request into an error.
    for receiver, error in articles_changed.send_robust(sender=None, article_ids=frozenset(ids)):
        if isinstance(error, Exception):
            logger.error("articles_changed: %r failed", receiver, exc_info=error)

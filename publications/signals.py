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

Ids are gathered per transaction (one on_commit callback holds them) and sent
once it commits; a rolled-back transaction drops its callback, and so
announces nothing.
"""

import logging

from django.db import DEFAULT_DB_ALIAS, transaction
from django.dispatch import Signal

articles_changed = Signal()  # sent with article_ids=frozenset({...}), using=<database alias>

logger = logging.getLogger(__name__)


class _Batch:
    """The ids a transaction (or savepoint) wrote; called by Django once it commits."""

    def __init__(self, using):
        self.using = using
        self.ids = set()
        self.sent = False

    def __call__(self):
        self.sent = True
        # Robust: the data is committed; a listener that fails (a cache or
        # broker out of reach) is logged and must not turn the request into an error.
        results = articles_changed.send_robust(
            sender=None, article_ids=frozenset(self.ids), using=self.using
        )
        for receiver, error in results:
            if isinstance(error, Exception):
                logger.error("articles_changed: %r failed", receiver, exc_info=error)


def articles_written(article_ids, using=DEFAULT_DB_ALIAS):
    """Record a write to these articles; articles_changed follows the commit."""
    ids = {int(pk) for pk in article_ids}
    batch = _open_batch(using)
    if batch is not None:
        batch.ids.update(ids)
        return
    batch = _Batch(using)
    batch.ids.update(ids)
    transaction.on_commit(batch, using=using)  # at once when not in a transaction


def _open_batch(using):
    """The batch already waiting for this transaction's commit, if any.

    Django keeps the open transaction's callbacks in run_on_commit (as its
    captureOnCommitCallbacks reads them), each with the savepoints it was
    registered in; rolling one of those back drops it. Adding to a batch is
    therefore always safe: a savepoint that would drop it encloses this write
    too. At worst, ids written in a savepoint rolled back on its own are
    announced anyway: an extra invalidation, never a missed one.
    """
    for _savepoints, hook, *_ in reversed(transaction.get_connection(using).run_on_commit):
        # A batch already sent stays listed when a test runs callbacks in place
        # (captureOnCommitCallbacks); it must not swallow later writes.
        if isinstance(hook, _Batch) and not hook.sent:
            return hook
    return None

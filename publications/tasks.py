"""The publications app's periodic job (the PDF tasks are in pdf/tasks.py)."""

from celery import shared_task

from thinktank.periodic import once_per_period

from .hits import flush_buffered_hits


@shared_task
@once_per_period("flush-hit-counts")
def flush_hits():
    """Beat job: buffered hit counts into the database."""
    return flush_buffered_hits()

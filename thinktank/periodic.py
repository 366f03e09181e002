"""Periodic jobs run once per period, however many beat schedulers send them.

A second `celery beat` started by mistake (two machines, a restart that left
the old one running) sends every job twice. Each job guarded here takes a
lock in the shared cache (Redis in production) that lasts most of its period;
whichever copy comes second in that period does nothing.
"""

import logging
import os
from functools import wraps

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def once_per_period(schedule_name):
    """Run the decorated job at most once per period of CELERY_BEAT_SCHEDULE[schedule_name]."""

    def decorator(job):
        @wraps(job)
        def guarded(*args, **kwargs):
            entry = settings.CELERY_BEAT_SCHEDULE.get(schedule_name)
            if entry is not None:
                lease = max(1, int(float(entry["schedule"]) * 0.8))
                if not cache.add(f"periodic:{schedule_name}", os.getpid(), timeout=lease):
                    logger.info("%s already ran this period; skipped", schedule_name)
                    return None
            return job(*args, **kwargs)

        return guarded

    return decorator

"""Health endpoints for load balancers: /healthz (the process) and /readyz (its services).

Neither touches sessions, hits or cookies, and neither is cached: a load balancer
polls them every few seconds and must see the truth each time.
"""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from thinktank.celery import app as celery_app

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 2
_PROBE_KEY = "thinktank:readyz"


@never_cache
@require_safe
def healthz(request):
    """The process is up and answering; nothing else is checked."""
    return JsonResponse({"status": "ok"})


def _database():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET LOCAL statement_timeout = {TIMEOUT_SECONDS * 1000}")
        cursor.execute("SELECT 1")


def _cache():
    cache.set(_PROBE_KEY, "1", timeout=10)
    if cache.get(_PROBE_KEY) != "1":
        raise RuntimeError("the cache did not keep a value")


def _broker():
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=TIMEOUT_SECONDS)


CHECKS = {"database": _database, "cache": _cache, "broker": _broker}


@never_cache
@require_safe
def readyz(request):
    """200 when the database, the cache and the broker answer; 503 naming what did not."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception as error:  # any failure means "not ready", never a 500
            logger.warning("readyz: %s unreachable: %s", name, error)
            results[name] = "unreachable"
    ready = all(value == "ok" for value in results.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": results},
        status=200 if ready else 503,
    )

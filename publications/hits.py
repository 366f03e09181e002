"""Hit counting: once per reader per article per 24 hours, never a lost increment.

A reader is a browser. Which articles it has been counted for lives in a
small cookie on that browser, so counting needs no session row and no
server-side lookup. Increments are atomic: buffered with Redis INCR when the
cache is Redis (flushed into the database by `flush_hits`, a beat job), or a
single `UPDATE ... SET hits = hits + 1` otherwise. The count shown is the
database value plus whatever is still buffered, so it is exact at the moment
of the view.
"""

import re
import time
from functools import cache

import redis
from django.conf import settings
from django.db import connection
from django.db.models import F

from .models import Article

COOKIE_NAME = "tt_seen"
WINDOW_SECONDS = 24 * 60 * 60
MAX_REMEMBERED = 250  # keeps the cookie well under 4 KB
BUFFER_PREFIX = "hits:pending:"

_CRAWLER = re.compile(
    r"bot|crawl|spider|slurp|scrap|fetch|preview|monitor|curl|wget|python-requests|"
    r"httpclient|headless|lighthouse|facebookexternalhit|embedly|archiver",
    re.IGNORECASE,
)


def is_countable_request(request):
    """Only a real reader's page view counts: no bots, HEAD, prefetch or staff."""
    if request.method != "GET":
        return False
    if _CRAWLER.search(request.headers.get("User-Agent", "")) or not request.headers.get(
        "User-Agent"
    ):
        return False
    purpose = " ".join(
        request.headers.get(h, "") for h in ("Purpose", "Sec-Purpose", "X-Purpose", "X-Moz")
    ).lower()
    if "prefetch" in purpose or "preview" in purpose:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated and user.is_staff)


# One entry: "<article id>.<epoch seconds>", ASCII digits only and short, so
# int() never sees a superscript ("²".isdigit() is true) or 4,301 digits.
_ENTRY = re.compile(r"([0-9]{1,18})\.([0-9]{1,12})", re.ASCII)
MAX_COOKIE_LENGTH = MAX_REMEMBERED * 32


def parse_seen(raw, now):
    """{article_id: first_seen_epoch} from the cookie, dropping expired or garbled entries.

    The cookie comes from the browser: anything that is not a well-formed
    entry is ignored, never an error.
    """
    seen = {}
    if not isinstance(raw, str) or len(raw) > MAX_COOKIE_LENGTH:
        return seen
    for item in raw.split("-")[: MAX_REMEMBERED * 2]:
        entry = _ENTRY.fullmatch(item)
        if entry is None:
            continue
        article_id, at = int(entry[1]), int(entry[2])
        if now - WINDOW_SECONDS < at <= now + 60:
            seen[article_id] = at
    return seen


def format_seen(seen):
    newest = sorted(seen.items(), key=lambda item: item[1])[-MAX_REMEMBERED:]
    return "-".join(f"{article_id}.{at}" for article_id, at in newest)


@cache
def _buffer():
    """The Redis client that buffers counts, or None to write straight to the database."""
    if not settings.HIT_BUFFER_URL:
        return None
    return redis.Redis.from_url(settings.HIT_BUFFER_URL)


def _one_value(sql, params):
    # Raw SQL: this runs on every article view, where the ORM's query
    # building would cost more than the query itself.
    table = connection.ops.quote_name(Article._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=table), params)
        row = cursor.fetchone()
    return row[0] if row else 0


def _stored_hits(article_id):
    return _one_value("SELECT hits FROM {table} WHERE id = %s", [article_id])


def pending_hits(article_id):
    buffer = _buffer()
    if buffer is None:
        return 0
    return int(buffer.get(f"{BUFFER_PREFIX}{article_id}") or 0)


def current_hits(article_id):
    """The count as of now: what is stored plus what is still buffered."""
    return _stored_hits(article_id) + pending_hits(article_id)


def _add_hit(article_id):
    """Add one hit atomically; return the new count."""
    buffer = _buffer()
    if buffer is None:
        return _one_value(
            "UPDATE {table} SET hits = hits + 1 WHERE id = %s RETURNING hits", [article_id]
        )
    pending = buffer.incr(f"{BUFFER_PREFIX}{article_id}")
    return _stored_hits(article_id) + pending


def register_view(request, article_id, is_public):
    """Count this view if it should count; return (hits to show, cookie value or None)."""
    if not (is_public and is_countable_request(request)):
        return current_hits(article_id), None
    now = int(time.time())
    seen = parse_seen(request.COOKIES.get(COOKIE_NAME), now)
    if article_id in seen:
        return current_hits(article_id), None
    seen[article_id] = now
    return _add_hit(article_id), format_seen(seen)


def remember(response, cookie_value):
    if cookie_value is not None:
        response.set_cookie(
            COOKIE_NAME,
            cookie_value,
            max_age=WINDOW_SECONDS,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


# Takes a key's whole buffered count in one atomic step (and drops the key),
# so two flushes running at once can never both move the same hits.
_TAKE_PENDING = """
local pending = tonumber(redis.call('get', KEYS[1]) or '0')
if pending > 0 then redis.call('decrby', KEYS[1], pending) end
if tonumber(redis.call('get', KEYS[1]) or '0') == 0 then redis.call('del', KEYS[1]) end
return pending
"""


def flush_buffered_hits():
    """Move buffered counts into the database; return how many hits moved.

    Each article's count is taken from Redis atomically, then added to its
    row; if the database write fails, the count goes back into the buffer.
    Hits arriving meanwhile stay buffered for the next flush. A worker killed
    between taking and committing (a window of one UPDATE) loses those hits.
    """
    buffer = _buffer()
    if buffer is None:
        return 0
    take = buffer.register_script(_TAKE_PENDING)
    moved = 0
    for key in buffer.scan_iter(match=f"{BUFFER_PREFIX}*", count=500):
        pending = int(take(keys=[key]))
        if pending <= 0:
            continue
        article_id = int(key.decode().removeprefix(BUFFER_PREFIX))
        try:
            Article.objects.filter(pk=article_id).update(hits=F("hits") + pending)
        except BaseException:
            buffer.incrby(key, pending)
            raise
        moved += pending
    return moved

"""Hit counting: once per reader per article per 24 hours, never a lost increment.

A reader is a browser. Which articles it has been counted for lives in a
small cookie on that browser, so counting needs no session row and no
server-side lookup. Increments are atomic: buffered with Redis INCR when the
cache is Redis (flushed into the database by `flush_hits`, a beat job), or a
single `UPDATE ... SET hits = hits + 1` otherwise. The count shown is the
database value plus whatever is still buffered, so it is exact at the moment
of the view; with Redis, the database value is mirrored there too, so a view
runs no query (see _count).
"""

import logging
import re
import time
from functools import cache, lru_cache

import redis
from django.conf import settings
from django.db import connection
from django.db.models import F

from thinktank.cookie_lines import set_cookie_line
from thinktank.redis_cache import registered_script

from .models import Article

logger = logging.getLogger(__name__)

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
    # request.META rather than request.headers: this runs on every cached
    # article view, and request.headers copies every header first.
    meta = request.META
    if _is_crawler(meta.get("HTTP_USER_AGENT", "")):
        return False
    purpose = " ".join(meta.get(key, "") for key in _PURPOSE_KEYS).lower()
    if "prefetch" in purpose or "preview" in purpose:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated and user.is_staff)


_PURPOSE_KEYS = ("HTTP_PURPOSE", "HTTP_SEC_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")


@lru_cache(maxsize=1024)  # readers' browsers send a few user agents, over and over
def _is_crawler(user_agent):
    return not user_agent or _CRAWLER.search(user_agent) is not None


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


# With the Redis buffer, the stored count is mirrored in Redis too, so a view
# needs no query at all: shown = mirror + pending, both read in one step. A
# flush moves hits from pending into the mirror in the same step that takes
# them, so the sum never jumps. The mirror is filled from the database only
# when no flush of that article started or ended between reading its epoch
# and filling it (a flush bumps the epoch when it takes and when it has
# committed), so it never holds a count the flush is still moving.
STORED_PREFIX = "hits:stored:"
EPOCH_PREFIX = "hits:epoch:"
FLUSHING_PREFIX = "hits:flushing:"
MIRROR_SECONDS = 3600  # and dropped on articles_changed (an import may set hits)
LEASE_SECONDS = 300  # a flush killed half-way stops blocking the mirror after this


def _keys(article_id, *prefixes):
    return [f"{prefix}{article_id}" for prefix in prefixes]


def count_and_read_lua(first_key):
    """Lua that counts a hit when ARGV[1] is '1' and reads the count's three parts.

    They are read from KEYS[first_key], KEYS[first_key + 1], KEYS[first_key + 2]
    (buffer_keys' order) into the locals `pending`, `mirror` (-1 when there is
    none) and `epoch`. Shared with counted_lookup's script, so a count is read
    one way everywhere.
    """
    return f"""
local pending
if ARGV[1] == '1' then
  pending = redis.call('incr', KEYS[{first_key}])
else
  pending = tonumber(redis.call('get', KEYS[{first_key}]) or '0')
end
local mirror = tonumber(redis.call('get', KEYS[{first_key + 1}]) or '-1')
local epoch = tonumber(redis.call('get', KEYS[{first_key + 2}]) or '0')
"""


# KEYS: pending, mirror, epoch. ARGV: "1" to count a hit. -> {pending, mirror or -1, epoch}
_READ = count_and_read_lua(1) + "return {pending, mirror, epoch}\n"

# KEYS: mirror, epoch, flushing. ARGV: epoch read before the query, stored count, lifetime.
_MIRROR = """
if tonumber(redis.call('get', KEYS[2]) or '0') ~= tonumber(ARGV[1]) then return 0 end
if redis.call('exists', KEYS[3]) == 1 then return 0 end
redis.call('set', KEYS[1], ARGV[2], 'EX', ARGV[3], 'NX')
return 1
"""


def _count(article_id, add):
    """The count as of now, after adding this view if `add`: stored plus still buffered."""
    buffer = _buffer()
    if buffer is not None:
        try:
            catch_up()
            keys = buffer_keys(article_id)
            pending, mirror, epoch = registered_script(buffer, _READ)(keys=keys, args=[int(add)])
        except redis.RedisError:
            # The page is served and the view counted all the same: in the
            # database, as without a buffer (what is still buffered is not
            # shown until Redis is back). /readyz reports the cache down.
            logger.warning("hit buffer unreachable: counting in the database", exc_info=True)
            if add:
                _counted_while_away.add(article_id)
        else:
            return shown(article_id, pending, mirror, epoch)
    if add:
        return _one_value(
            "UPDATE {table} SET hits = hits + 1 WHERE id = %s RETURNING hits", [article_id]
        )
    return _stored_hits(article_id)


# Articles this process counted in the database while Redis was out of reach:
# their mirrored stored count is behind, and is dropped once Redis answers again.
_counted_while_away = set()


def catch_up():
    """Drop the mirrors of the counts this process wrote to the database while Redis was away.

    Run before reading a count from Redis; raises redis.RedisError if it is
    still out of reach (and keeps them for the next time).
    """
    if not _counted_while_away:
        return
    away = list(_counted_while_away)
    _counted_while_away.clear()
    try:
        forget_stored(away)
    except redis.RedisError:
        _counted_while_away.update(away)
        raise


def buffer_keys(article_id):
    """The Redis keys a count is read from: pending, mirror, epoch (in _READ's order)."""
    return _keys(article_id, BUFFER_PREFIX, STORED_PREFIX, EPOCH_PREFIX)


def shown(article_id, pending, mirror, epoch):
    """The count to show, from what _READ (or a script doing what it does) returned.

    The mirror is -1 when Redis does not hold the stored count: then it is
    read from the database (the view's one query) and mirrored.
    """
    if mirror >= 0:
        return mirror + pending
    stored = _stored_hits(article_id)
    try:
        registered_script(_buffer(), _MIRROR)(
            keys=_keys(article_id, STORED_PREFIX, EPOCH_PREFIX, FLUSHING_PREFIX),
            args=[epoch, stored, MIRROR_SECONDS],
        )
    except redis.RedisError:
        logger.warning("hit buffer unreachable: count not mirrored", exc_info=True)
    return stored + pending


def pending_hits(article_id):
    buffer = _buffer()
    if buffer is None:
        return 0
    return int(buffer.get(f"{BUFFER_PREFIX}{article_id}") or 0)


def current_hits(article_id):
    """The count as of now: what is stored plus what is still buffered."""
    return _count(article_id, add=False)


def register_view(request, article_id, is_public):
    """Count this view if it should count; return (hits to show, cookie value or None).

    At most one query, none when the count is mirrored in Redis.
    """
    cookie = new_reader_cookie(request, article_id) if is_public else None
    return _count(article_id, add=cookie is not None), cookie


def new_reader_cookie(request, article_id):
    """The reader's cookie with this article added, when this view counts; else None."""
    if not is_countable_request(request):
        return None
    now = int(time.time())
    seen = parse_seen(request.COOKIES.get(COOKIE_NAME), now)
    if article_id in seen:
        return None
    seen[article_id] = now
    return format_seen(seen)


def forget_stored(article_ids=None, **_signal_kwargs):
    """Drop the Redis mirror of these articles' stored counts (listens to articles_changed).

    For writes of the count that are not a flush: an import, or a reset.
    """
    buffer = _buffer()
    if buffer is None or not article_ids:
        return
    with buffer.pipeline() as pipe:
        for article_id in article_ids:
            pipe.delete(f"{STORED_PREFIX}{article_id}")
            pipe.incr(f"{EPOCH_PREFIX}{article_id}")
            pipe.expire(f"{EPOCH_PREFIX}{article_id}", MIRROR_SECONDS)
        pipe.execute()


def remember(response, cookie_value):
    if cookie_value is not None:
        response.set_cookie(COOKIE_NAME, cookie_value, **_cookie_attributes())
    return response


def cookie_line(cookie_value):
    """The Set-Cookie header value `remember` adds, for an answer built without a response."""
    return set_cookie_line(COOKIE_NAME, cookie_value, **_cookie_attributes())


def _cookie_attributes():
    return {
        "max_age": WINDOW_SECONDS,
        "httponly": True,
        "samesite": "Lax",
        "secure": settings.SESSION_COOKIE_SECURE,
    }


# KEYS: pending, mirror, epoch, flushing. Takes a key's whole buffered count
# in one atomic step (and drops the key), so two flushes running at once can
# never both move the same hits; the mirror gets them in the same step.
_TAKE_PENDING = """
local pending = tonumber(redis.call('get', KEYS[1]) or '0')
if pending <= 0 then
  if pending == 0 then redis.call('del', KEYS[1]) end
  return 0
end
redis.call('decrby', KEYS[1], pending)
if tonumber(redis.call('get', KEYS[1]) or '0') == 0 then redis.call('del', KEYS[1]) end
if redis.call('exists', KEYS[2]) == 1 then redis.call('incrby', KEYS[2], pending) end
redis.call('incr', KEYS[3])
redis.call('expire', KEYS[3], ARGV[1])
redis.call('incr', KEYS[4])
redis.call('expire', KEYS[4], ARGV[2])
return pending
"""
# KEYS: pending, mirror, epoch, flushing. ARGV: hits to put back (the write
# failed) or 0, lifetime of the epoch. The flush of these hits is over.
_FINISH = """
local back = tonumber(ARGV[1])
if back > 0 then
  redis.call('incrby', KEYS[1], back)
  if redis.call('exists', KEYS[2]) == 1 then redis.call('decrby', KEYS[2], back) end
end
redis.call('incr', KEYS[3])
redis.call('expire', KEYS[3], ARGV[2])
if redis.call('decr', KEYS[4]) <= 0 then redis.call('del', KEYS[4]) end
return 1
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
    take = registered_script(buffer, _TAKE_PENDING)
    finish = registered_script(buffer, _FINISH)
    moved = 0
    for key in buffer.scan_iter(match=f"{BUFFER_PREFIX}*", count=500):
        article_id = int(key.decode().removeprefix(BUFFER_PREFIX))
        keys = _keys(article_id, BUFFER_PREFIX, STORED_PREFIX, EPOCH_PREFIX, FLUSHING_PREFIX)
        pending = int(take(keys=keys, args=[MIRROR_SECONDS, LEASE_SECONDS]))
        if pending <= 0:
            continue
        try:
            Article.objects.filter(pk=article_id).update(hits=F("hits") + pending)
        except BaseException:
            finish(keys=keys, args=[pending, MIRROR_SECONDS])
            raise
        finish(keys=keys, args=[0, MIRROR_SECONDS])
        moved += pending
    return moved

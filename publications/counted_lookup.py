"""A cached article page and its hit count in one small Redis round trip.

The fast path's most frequent answer is an article page, which needs two
reads: the page (page_cache.lookup) and the count (hits.register_view), each
a round trip to Redis. The script here does both at once, and counts the
view only when the page is current; when it is not, nothing is counted and
the request goes the usual way (where the view counts it), so a view is
counted exactly once either way.

Each process keeps its own copy of the article pages it served (`learn`),
which also tells the script which article's count keys to read. The script
sends the page itself only when that copy is not of the current generation
(or older than the shared entry's lifetime), so most views move a few
numbers instead of the whole page. A page stored with an article leaves a
marker beside it, `<page key>:article:<id>`, holding the generation it was
stored under (page_cache.store): the script serves and counts only when
that marker matches the current generation, so a stale page, or a page key
that now shows another article, is never counted against the remembered one.

Only when the cache is Redis (thinktank.redis_cache) on the server the hits
are buffered in; otherwise `lookup` answers None and nothing changes.
"""

import time

from django.conf import settings
from django.core.cache import caches

from thinktank.redis_cache import SharedClientRedisCache, registered_script

from . import hits, page_cache

# KEYS: page, marker, generation, then hits.buffer_keys (pending, mirror, epoch).
# ARGV: '1' to count the view; the generation of this process's copy ('' for none).
# -> {generation} when the page is not current, else {generation, pending,
# mirror or -1, epoch (hits.count_and_read_lua), page or nil when the copy is current}.
_LOOKUP = (
    """
local generation = redis.call('get', KEYS[3]) or '0'
if redis.call('get', KEYS[2]) ~= generation then return {generation} end
local page = false
if ARGV[2] ~= generation then
  page = redis.call('get', KEYS[1])
  if not page then return {generation} end
end
"""
    + hits.count_and_read_lua(4)
    + "return {generation, pending, mirror, epoch, page}\n"
)

# page key -> (this process's copy of the article page stored under it, the
# script's keys for it: named once, they are the same on every view).
_copies = {}
_COPIES = 256  # pages (a few MB); forgotten all at once past this, relearned on the next view


def learn(key, entry):
    """Keep this process's copy of an article page (other pages are not kept here)."""
    cache = caches["default"]
    if entry is None or entry.article_id is None or not _available(cache):
        return  # `lookup` could not use it
    if len(_copies) >= _COPIES and key not in _copies:
        _copies.clear()
    script_keys = [
        cache.make_and_validate_key(key),
        cache.make_and_validate_key(page_cache.article_marker(key, entry.article_id)),
        cache.make_and_validate_key(page_cache.GENERATION_KEY),
        *hits.buffer_keys(entry.article_id),
    ]
    _copies[key] = (entry, script_keys)


def has_copies():
    """Whether this process keeps any article page (else `lookup` answers None at once)."""
    return bool(_copies)


def lookup(request, key):
    """(entry, hits to show, the reader's new seen-cookie or None), or None to go the usual way."""
    copy, script_keys = _copies.get(key, (None, None))
    cache = caches["default"]
    if copy is None or not _available(cache):
        return None
    article_id = copy.article_id
    cookie = hits.new_reader_cookie(request, article_id)
    # A copy older than the shared entry's lifetime may miss a scheduled
    # article gone live since: the script then sends the current page.
    young = time.time() - copy.modified < page_cache.PAGE_TTL_SECONDS
    try:
        hits.catch_up()
        found = registered_script(cache.script_client(), _LOOKUP)(
            keys=script_keys, args=[int(cookie is not None), copy.generation if young else ""]
        )
    except page_cache.CACHE_ERRORS:
        return None  # page_cache.lookup logs it and answers without the cache
    if len(found) == 1:
        return None
    _generation, pending, mirror, epoch, *page = found
    entry = copy
    if page and page[0] is not None:
        entry = cache.decode(page[0])
        if not isinstance(entry, page_cache.Entry) or entry.article_id != article_id:
            return None  # cannot happen while markers are written with their entries
        learn(key, entry)
    return entry, hits.shown(article_id, pending, mirror, epoch), cookie


def _available(cache):
    return (
        isinstance(cache, SharedClientRedisCache)
        and settings.HIT_BUFFER_URL
        and cache.server_url() == settings.HIT_BUFFER_URL
    )

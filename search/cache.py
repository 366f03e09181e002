"""Search results kept in the shared cache until what they were computed from changes.

An entry (facet counts, the ranked ids of the first pages) is keyed by the
normalised query (its tokens, not the typed text: `동맹을` and `동맹의` share
one), the filters and the sort, and is tagged with two generations:

- the content generation (publications.page_cache.GENERATION_KEY), bumped by
  every committed write to publications (publish, unpublish, edit, delete);
- the index generation (INDEX_GENERATION_KEY), bumped by search.indexing after
  it has written documents, which may be later (in the Celery worker).

An entry with an older generation is ignored. A short lifetime covers what no
write announces: a scheduled article going live by the clock.

Only on with a cache all processes share (settings.SEARCH_CACHE, by default
settings.PAGE_CACHE): a per-process cache would miss the bumps made
by the other processes.
"""

import hashlib
import json

from django.conf import settings
from django.core.cache import cache

from publications.page_cache import GENERATION_KEY, bump_generation

INDEX_GENERATION_KEY = "search:index-generation"
TTL_SECONDS = 60
VERSION = 3  # 2: the facets entry holds the first ids too; 3: ranked by the OR of the words


def enabled():
    configured = getattr(settings, "SEARCH_CACHE", None)
    return settings.PAGE_CACHE if configured is None else configured


def key(part, using, parsed, filters, sort):
    normalised = json.dumps(
        [VERSION, part, using, parsed.include, parsed.exclude, sorted(filters.items()), sort],
        ensure_ascii=False,
        default=str,
    )
    return "search:" + hashlib.sha256(normalised.encode()).hexdigest()[:40]


def _generations(found):
    return (found.get(GENERATION_KEY, 0), found.get(INDEX_GENERATION_KEY, 0))


def get_or_compute(entry_key, compute):
    """The cached value of `entry_key` if still current, else `compute()` (then cached)."""
    if not enabled():
        return compute()
    found = cache.get_many([entry_key, GENERATION_KEY, INDEX_GENERATION_KEY])
    generations = _generations(found)
    entry = found.get(entry_key)
    if entry is not None and entry[0] == generations:
        return entry[1]
    value = compute()
    cache.set(entry_key, (generations, value), TTL_SECONDS)
    return value


def bump_index_generation():
    """The index has changed: every cached result, and every cached page, is stale.

    The pages too: a results page is a shared page (search.views), kept under the
    content generation only, and the index may change after the content did
    (in the Celery worker), so a page rendered in between must not outlive it.
    """
    try:
        cache.incr(INDEX_GENERATION_KEY)
    except ValueError:
        cache.set(INDEX_GENERATION_KEY, 1, timeout=None)
    bump_generation()

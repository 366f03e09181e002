"""Whole public pages for anonymous readers, rendered once and kept in the shared cache.

A page is the same for every anonymous reader except for a few values: an
article's hit count, the CSRF token, and whatever other apps register with
`per_view_value` (mailing registers its form's signed start time, in its
AppConfig.ready). A view renders such a page with stand-ins for those values
and marks its response with `share` (or `shared_page` for a page without
any); publications.fast_path keeps it, with the headers the whole middleware
stack gave it, and answers the next anonymous readers from the cache before
the session, auth, messages and locale middleware run, filling in fresh
values by string replacement.

An entry is keyed by scheme, host and full path (with the query string), and
tagged with the site-wide content generation, which every committed
publications write bumps (`bump_generation` listens to
signals.articles_changed), so an edit anywhere (an article, a neighbour's
title, an author's name, a tag, an unpublish) shows on the next view. A
short lifetime lets a scheduled article appear within a minute of its
publication time. Only on with a cache all processes share
(settings.PAGE_CACHE): with a per-process cache an edit made in one process
would not reach the others.
"""

import functools
import hashlib
import logging
import re
import time
from dataclasses import dataclass, field

import redis
from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.template.loader import render_to_string

from thinktank.csrf_tokens import get_token

from . import hits

logger = logging.getLogger(__name__)
# What an unreachable cache raises (Redis, or a socket of another backend).
CACHE_ERRORS = (redis.RedisError, OSError)

GENERATION_KEY = "publications:generation"
# Versioned: an Entry of another shape (an older release's) is never read back.
KEY_PREFIX = "publications:page:2:"
PAGE_TTL_SECONDS = 60
HITS = "hits"

# name -> function(request) giving that value's text for one view.
_per_view = {"csrf_token": get_token}
# name -> seconds a value stays good once shown (None: as long as the page).
_lifetimes = {}


def per_view_value(name, value_for_request, lasts=None):
    """Register a context value that differs on every view of a cached page.

    `value_for_request(request)` returns its text; the cached page keeps a
    stand-in for it and each view fills in a fresh one. It runs before the
    session, auth and locale middleware: it may read the request's cookies
    and headers, not request.user or request.session. `lasts`: seconds the
    value stays good once shown, if it expires; a browser's copy of the page
    is not revalidated (304) for longer than half of that.
    """
    _per_view[name] = value_for_request
    _lifetimes[name] = lasts


def shortest_life(names):
    """The shortest `lasts` among these per-view values, or None when none expires."""
    lives = [_lifetimes[name] for name in names if _lifetimes.get(name)]
    return min(lives) if lives else None


def stand_in(name):
    # Derived from SECRET_KEY so every process agrees on it and no article
    # text can contain it by accident or design.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{name}".encode()).hexdigest()[:24]
    return f"ttfresh{name}{digest}"


def bump_generation(**_signal_kwargs):
    """Make every cached page stale (listens to signals.articles_changed)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, timeout=None)


def fresh_values(request, hits=None, names=None):
    """The per-view values of one view: the hit count (if given) and the registered ones."""
    wanted = _per_view if names is None else [name for name in names if name in _per_view]
    values = {name: _per_view[name](request) for name in wanted}
    if hits is not None:
        values[HITS] = str(hits)
    return values


def may_share(request):
    """Whether this request gets, and may leave, the page every anonymous reader gets.

    Decided from the request alone, before the session and auth middleware:
    no session cookie means no signed-in user, and a messages cookie means a
    flash message only this reader must see.
    """
    return (
        settings.PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


# --- Views mark what may be shared -----------------------------------------------


@dataclass
class SharedPage:
    """What a view says about its response: the page with stand-ins, and whose hits it shows."""

    html: str | None = None  # None: the response's own content, which has no stand-ins
    article_id: int | None = None
    values: dict = field(default_factory=dict)  # the per-view values this response got


def share(response, html=None, article_id=None, values=None):
    """Mark `response` as every anonymous reader's page (publications.fast_path keeps it)."""
    response.shared_page = SharedPage(html, article_id, values or {})
    return response


def shared_page(view):
    """Decorator: the view's 200 answers to anonymous readers are shared pages."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        return share(view(request, *args, **kwargs))

    return wrapped


def render_page(request, template, context, fresh, shareable, article_id=None):
    """The response of `template`: shared, rendered with stand-ins, when it may be.

    `context` is the same for every reader; `fresh` holds this view's
    per-view values. A page that is `shareable` (a public article) is shared
    with anonymous readers who have no flash message waiting.
    """
    if not (shareable and _anonymous_without_messages(request)):
        return HttpResponse(render_to_string(template, {**context, **fresh}, request))
    stand_ins = {name: stand_in(name) for name in fresh}
    page = render_to_string(template, {**context, **stand_ins}, request)
    return share(HttpResponse(fill(page, fresh)), page, article_id, fresh)


def _anonymous_without_messages(request):
    return (
        may_share(request)
        and not request.user.is_authenticated
        and not len(get_messages(request))  # len() reads without consuming them
    )


def fill(html, values):
    """`html` with each per-view value's stand-in replaced by its value."""
    for name, value in values.items():
        html = html.replace(stand_in(name), value)
    return html


# --- The cache entries --------------------------------------------------------------


@dataclass
class Entry:
    generation: int
    parts: list  # the page as bytes, split at its stand-ins: [bytes, name, bytes, name, ..., bytes]
    headers: list  # [(name, value)] as the whole middleware stack set them
    charset: str
    names: list  # per-view values whose stand-ins the page holds
    article_id: int | None
    etag: str  # of the page with its stand-ins
    modified: float  # when it was rendered (epoch seconds)

    def fill(self, values):
        """The page's bytes with these per-view values in place (one join, no re-encoding)."""
        charset = self.charset
        return b"".join(
            part if n % 2 == 0 else values[part].encode(charset)
            for n, part in enumerate(self.parts)
        )


def _split_at_stand_ins(html, names, charset):
    """`html` as Entry.parts: encoded text between the stand-ins of `names`, and those names."""
    if not names:
        return [html.encode(charset)]
    name_of = {stand_in(name): name for name in names}
    pieces = re.split("(" + "|".join(map(re.escape, name_of)) + ")", html)
    return [
        piece.encode(charset) if n % 2 == 0 else name_of[piece] for n, piece in enumerate(pieces)
    ]


# Paths never served from here: static and media files, the admin.
def _skipped(path):
    return path.startswith((settings.STATIC_URL, settings.MEDIA_URL, "/admin/"))


def page_key(request):
    """The cache key of this request's page, or None when it is not one we keep."""
    if _skipped(request.path):
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # the full stack answers 400
    where = f"{request.scheme}://{host}{request.get_full_path()}"
    return KEY_PREFIX + hashlib.sha256(where.encode()).hexdigest()[:40]


def article_marker(key, article_id):
    """Stored beside an article's page: the generation it was stored under (counted_lookup)."""
    return f"{key}:article:{article_id}"


def _varied_key(request, key, vary):
    # Pages outside the language prefixes (the sitemap) vary on the
    # language the reader's browser or cookie asks for (LocaleMiddleware).
    parts = [request.headers.get(name, "") for name in vary]
    parts.append(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""))
    return key + ":" + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


def lookup(request, key):
    """(the current entry for this request or None, the generation). One cache round trip, mostly.

    The generation is read before the page is rendered: an entry stored
    under it is dropped by any write committed meanwhile.
    """
    try:
        found = cache.get_many([key, GENERATION_KEY])
        current = found.get(GENERATION_KEY, 0)
        entry = found.get(key)
        if isinstance(entry, dict) and "vary" in entry:  # a page that varies on request headers
            entry = cache.get(_varied_key(request, key, entry["vary"]))
    except CACHE_ERRORS:
        # The page is rendered as if nothing were cached (and not kept); /readyz
        # tells the load balancer the cache is out of reach.
        logger.warning("page cache unreachable", exc_info=True)
        return None, None
    if not isinstance(entry, Entry) or entry.generation != current:
        return None, current
    return entry, current


# Headers the stack sets that are not the page's: recomputed, or per response.
_NOT_KEPT = {"content-length", "set-cookie", "etag", "last-modified", "cache-control", "date"}
_VARY_HANDLED = {"cookie", "accept-encoding"}  # cookies: may_share; no compression here


def store(request, key, response, generation):
    """Keep `response` (marked by `share`) for the next anonymous readers; the Entry, or None.

    Nothing is kept unless the page really is every anonymous reader's:
    answered 200 to a GET, setting no cookie but the CSRF and hit cookies,
    and using the CSRF token only through its stand-in.
    """
    shared = getattr(response, "shared_page", None)
    user = getattr(request, "user", None)
    if (
        shared is None
        or generation is None  # the cache was out of reach
        or request.method != "GET"
        or response.status_code != 200
        or response.streaming
        or (user is not None and user.is_authenticated)
        or "private" in response.get("Cache-Control", "")
    ):
        return None
    html = shared.html if shared.html is not None else response.content.decode(response.charset)
    names = [name for name in [HITS, *_per_view] if stand_in(name) in html]
    allowed_cookies = {hits.COOKIE_NAME}
    if "csrf_token" in names:
        allowed_cookies.add(settings.CSRF_COOKIE_NAME)
    elif request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return None  # the page holds this reader's own CSRF token
    if set(response.cookies) - allowed_cookies:
        return None
    entry = Entry(
        generation=generation,
        parts=_split_at_stand_ins(html, names, response.charset),
        headers=[(k, v) for k, v in response.items() if k.lower() not in _NOT_KEPT],
        charset=response.charset,
        names=names,
        article_id=shared.article_id,
        etag=hashlib.sha256(html.encode()).hexdigest()[:32],
        modified=time.time(),
    )
    vary = [
        name.strip()
        for name in response.get("Vary", "").split(",")
        if name.strip() and name.strip().lower() not in _VARY_HANDLED
    ]
    try:
        if vary:
            cache.set_many(
                {key: {"vary": vary}, _varied_key(request, key, vary): entry}, PAGE_TTL_SECONDS
            )
        elif entry.article_id is not None:
            marker = article_marker(key, entry.article_id)
            cache.set_many({key: entry, marker: generation}, PAGE_TTL_SECONDS)
        else:
            cache.set(key, entry, PAGE_TTL_SECONDS)
    except CACHE_ERRORS:
        logger.warning("page cache unreachable", exc_info=True)
    return entry

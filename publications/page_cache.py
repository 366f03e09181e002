"""Whole article pages for anonymous readers, rendered once and cached.

An article page is the same for every anonymous reader except for a few
values: the hit count, the CSRF token, and whatever other apps register with
`per_view_value` (mailing registers its form's signed start time, in its
AppConfig.ready). The page is rendered once with stand-ins for those values
and kept in the cache; each view fills in the fresh values by string
replacement. That keeps
a warm article view at one query (the article row) plus one cache round trip,
close to the cost of a trivial view.

The cached page is keyed by its address and language and tagged with the
site-wide content generation, which every committed publications write bumps
(`bump_generation` listens to signals.articles_changed), so an edit anywhere (the article,
a neighbour's title, an author's name, a tag, an unpublish) shows on the next
view. A short lifetime lets a scheduled neighbour appear within a minute of
its publication time. Only on with a cache all processes share
(settings.ARTICLE_PAGE_CACHE): with a per-process cache an edit made in one
process would not reach the others.

Staff, previews and pages carrying a flash message are rendered afresh.
"""

import hashlib

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string

GENERATION_KEY = "publications:generation"
PAGE_TTL_SECONDS = 60
TEMPLATE = "publications/article_detail.html"

# name -> function(request) giving that value's text for one view.
_per_view = {"csrf_token": get_token}


def per_view_value(name, value_for_request):
    """Register a context value that differs on every view of an article page.

    `value_for_request(request)` returns its text; the cached page keeps a
    stand-in for it and each view fills in a fresh one.
    """
    _per_view[name] = value_for_request


def _stand_in(name):
    # Derived from SECRET_KEY so every process agrees on it and no article
    # text can contain it by accident or design.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{name}".encode()).hexdigest()[:24]
    return f"ttfresh{name}{digest}"


def bump_generation(**_signal_kwargs):
    """Make every cached article page stale (listens to signals.articles_changed)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, timeout=None)


def fresh_values(request, hits):
    """The per-view values of an article page: its hit count and the registered ones."""
    return {"hits": str(hits)} | {name: value(request) for name, value in _per_view.items()}


def _serves_cached_pages(request):
    return (
        settings.ARTICLE_PAGE_CACHE
        and not request.user.is_authenticated
        and not len(get_messages(request))  # len() reads without consuming them
    )


def _page_key(request, series_slug, slug):
    where = hashlib.sha256(f"{series_slug}/{slug}".encode()).hexdigest()[:32]
    return f"publications:page:{getattr(request, 'LANGUAGE_CODE', '')}:{where}"


class CachedPage:
    def __init__(self, article_id, html):
        self.article_id = article_id
        self.html = html

    def fill(self, fresh):
        html = self.html
        for name, value in fresh.items():
            html = html.replace(_stand_in(name), value)
        return html


def cached_page(request, series_slug, slug):
    """The cached page at this address for this reader, or None.

    Any write to publications bumps the generation, so a cached page whose
    generation is current shows the article exactly as stored: still
    published, same text, same neighbours. No database query is needed.
    """
    if not _serves_cached_pages(request):
        return None
    key = _page_key(request, series_slug, slug)
    found = cache.get_many([key, GENERATION_KEY])
    entry = found.get(key)
    if entry is None or entry["generation"] != found.get(GENERATION_KEY, 0):
        return None
    return CachedPage(entry["article_id"], entry["html"])


def render_article_page(request, article, context, fresh):
    """Render the article page; keep it for the next anonymous reader when it may be shared.

    `context` is the same for every reader; `fresh` holds the per-view values.
    """
    if not (article.is_public and _serves_cached_pages(request)):
        return render_to_string(TEMPLATE, {**context, **fresh}, request)
    generation = cache.get(GENERATION_KEY, 0)
    stand_ins = {name: _stand_in(name) for name in fresh}
    page = CachedPage(article.pk, render_to_string(TEMPLATE, {**context, **stand_ins}, request))
    cache.set(
        _page_key(request, article.series.slug, article.slug),
        {"generation": generation, "article_id": article.pk, "html": page.html},
        PAGE_TTL_SECONDS,
    )
    return page.fill(fresh)

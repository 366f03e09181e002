"""The parts of an article page that are the same for every reader, cached.

Byline, body, attachments, tags and neighbours cost five queries and most of
the rendering; they change only when content changes. They are rendered once
and kept in the cache under the article's `updated_at`, tagged with the
site-wide content generation (bumped on every publications write, see
`bump_generation`), so an edit anywhere (a neighbour's title, an author's
name) is visible on the next view. The short lifetime lets a scheduled
neighbour appear within a minute of its publication time.

Everything reader-specific (hit count, staff tools, the mail form and its
CSRF token) stays outside these parts.
"""

from django.core.cache import cache
from django.template.loader import render_to_string

GENERATION_KEY = "publications:generation"
PARTS_TTL_SECONDS = 60
PART_TEMPLATES = {
    "byline": "publications/parts/byline.html",
    "content": "publications/parts/content.html",
    "neighbours": "publications/parts/neighbours.html",
}


def bump_generation(**_signal_kwargs):
    """Invalidate every cached page part (connected to publications' save/delete signals)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, timeout=None)


def render_parts(article):
    context = {"article": article}
    return {name: render_to_string(template, context) for name, template in PART_TEMPLATES.items()}


def article_parts(article):
    """Rendered shared parts of `article`'s page: one cache round trip when warm."""
    if not article.is_public:  # previews show work in progress: never cached
        return render_parts(article)
    key = f"publications:parts:{article.pk}:{article.updated_at.timestamp()}"
    found = cache.get_many([key, GENERATION_KEY])
    generation = found.get(GENERATION_KEY, 0)
    cached = found.get(key)
    if cached is not None and cached["generation"] == generation:
        return cached["parts"]
    parts = render_parts(article)
    cache.set(key, {"generation": generation, "parts": parts}, PARTS_TTL_SECONDS)
    return parts

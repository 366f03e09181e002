"""Which address an unanswered request is sent to: one query over the candidates."""

from django.conf import settings
from django.utils import translation

from .models import Redirect
from .paths import candidates, split_language


def find(path, query="", extra=None):
    """The address `path` (decoded, with `query`) is redirected to, or None.

    `extra` ({old path: new path}) adds redirects not stored yet (an import
    being checked); they win over stored ones.
    """
    options = candidates(path, query)
    extra = extra or {}
    stored = {
        redirect.old_path: redirect
        for redirect in Redirect.objects.filter(
            old_path__in=[old for old, _rest in options if old not in extra]
        ).select_related("article__series", "series")
    }
    for old, rest in options:
        if old in extra:
            target = None if rest else extra[old]
        else:
            redirect = stored.get(old)
            if redirect is None or (rest and not redirect.include_subpaths):
                continue
            target = target_of(redirect, path)
        if target is None:
            continue
        if query and "?" not in old and "?" not in target:
            return f"{target}{rest}?{query}"
        return target + rest
    return None


def target_of(redirect, path):
    """Where `redirect` leads now, for a request of `path`; None for an unpublished article."""
    if redirect.article_id:
        article = redirect.article
        return article.get_absolute_url() if article.is_public else None
    if redirect.series_id:
        language = split_language(path)[0] or settings.LANGUAGE_CODE
        with translation.override(language):
            return redirect.series.get_absolute_url()
    return redirect.new_path or None

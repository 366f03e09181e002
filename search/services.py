"""Searching: the published articles matching a query and filters, and their facets."""

from dataclasses import dataclass

from django.db import router
from django.db.models import Count, F, Prefetch, Q, Value
from django.db.models.functions import Coalesce, ExtractYear, NullIf

from publications import languages
from publications.models import Article, Attachment

from . import query as q
from .backends import backend

FILTERS = ("series", "author", "tag", "year", "language")
LOOKUPS = {
    "series": "series__slug",
    "author": "authors__slug",
    "tag": "tags__slug",
    "year": "published_at__year",
    "language": "search_document__language",
}


@dataclass
class Search:
    parsed: q.ParsedQuery
    results: object  # the queryset to show, in order
    matched: object  # the same articles, unordered and unranked (cheap to count)
    facets: dict


def _filtered(queryset, filters, skip=None):
    for name, value in filters.items():
        if name != skip and value not in (None, ""):
            queryset = queryset.filter(**{LOOKUPS[name]: value})
    return queryset


def _facet(queryset, name):
    # COUNT(*) is exact: every filter and facet matches at most one row per article.
    if name == "year":
        rows = (
            queryset.annotate(value=ExtractYear("published_at"))
            .values("value")
            .annotate(n=Count("id"))
            .order_by("-value")
        )
        return [(str(row["value"]), str(row["value"]), row["n"]) for row in rows]
    if name == "language":
        rows = queryset.values(value=F(LOOKUPS[name])).annotate(n=Count("id"))
        return [(row["value"], row["value"], row["n"]) for row in rows.order_by("value")]
    label = {"series": _name_in_language("series"), "author": _name_in_language("authors")}.get(
        name, F("tags__name")
    )
    rows = (
        queryset.filter(**{f"{LOOKUPS[name]}__isnull": False})
        .values(value=F(LOOKUPS[name]), label=label)
        .annotate(n=Count("id"))
        .order_by("-n", "label")
    )
    return [(row["value"], row["label"], row["n"]) for row in rows]


def _name_in_language(relation):
    """A series' or author's name in the active language, else in the other one."""
    first, second = [f"{relation}__name_{code}" for code in languages.by_preference()]
    return Coalesce(NullIf(first, Value("")), second)


def search(text, filters=None, sort="relevance"):
    """Published articles for a reader: matching `text` (all if it has no words)."""
    filters = {name: value for name, value in (filters or {}).items() if name in FILTERS}
    parsed = q.parse(text)
    using = router.db_for_read(Article)
    base = Article.objects.using(using).published().order_by()
    if parsed:
        base = base.filter(id__in=backend(using).ids(parsed))
    # Counting and facets never rank: ranking reads every matching document.
    facets = {name: _facet(_filtered(base, filters, skip=name), name) for name in FILTERS}
    matched = _filtered(base, filters)
    if parsed and sort == "relevance":
        results = matched.annotate(rank=backend(using).rank(parsed))
        results = results.order_by("-rank", "-published_at", "-id")
    else:
        results = matched.order_by("-published_at", "-id")
    results = results.select_related("series", "search_document").prefetch_related(
        "authors", Prefetch("attachments", Attachment.objects.select_related("search_text"))
    )
    return Search(parsed=parsed, results=results, matched=matched, facets=facets)


def admin_search(queryset, term, found):
    """ArticleAdmin's search: what the admin found (`found`) or what site search finds.

    Drafts and scheduled articles included: editors search all their articles.
    """
    parsed = q.parse(term)
    if not parsed:
        return found
    matching = backend(queryset.db).ids(parsed)
    return queryset.filter(Q(pk__in=found.values("pk")) | Q(pk__in=matching))

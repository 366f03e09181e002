"""Searching: the published articles matching a query and filters, and their facets.

A results page costs one statement besides the ten articles it shows: the
counts of every filter and the ids of the first pages, in order (search.facets:
the matches are read once, counted five ways and ranked), kept in the cache
(search.cache) until the content or the index changes, so a query asked again
costs the ten articles only. Where ranking a row at a time is dear (SQLite's
bm25 re-runs the MATCH), the ranked ids are a second statement, cached too.
"""

from dataclasses import dataclass

from django.db import router
from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.utils.functional import cached_property

from publications.models import Article, ArticleAuthor, Attachment

from . import cache
from . import query as q
from .backends import backend
from .facets import count_facets

FILTERS = ("series", "author", "tag", "year", "language")
FIRST_PAGES = 3  # the ids of the first pages are cached (readers rarely go further)


def filter_condition(name, value):
    """The condition an article meets when filter `name` has `value`."""
    if name == "series":
        return Q(series__slug=value)
    if name == "author":
        return Q(Exists(ArticleAuthor.objects.filter(article=OuterRef("pk"), author__slug=value)))
    if name == "tag":
        return Q(Exists(Article.objects.filter(pk=OuterRef("pk"), tags__slug=value)))
    if name == "year":
        return Q(published_at__year=value)
    return Q(language=value)


def _filtered(queryset, filters):
    for name, value in filters.items():
        queryset = queryset.filter(filter_condition(name, value))
    return queryset


@dataclass
class Search:
    parsed: q.ParsedQuery
    filters: dict
    sort: str
    using: str

    # The querysets are built when first needed: a PostgreSQL results page
    # counts and ranks off the documents (search.document_facets) and needs neither.
    @cached_property
    def published(self):
        """The published articles, unfiltered, unmatched."""
        return Article.objects.using(self.using).published().order_by()

    @cached_property
    def base(self):
        """The published articles matching the words, unfiltered."""
        if not self.parsed:
            return self.published
        return self.published.filter(id__in=backend(self.using).ids(self.parsed))

    @cached_property
    def matched(self):
        """The matching articles, filtered, unordered and unranked."""
        return _filtered(self.base, self.filters)

    @cached_property
    def results(self):
        """Every result as one queryset, in order (tests, the admin, small sites)."""
        if self.ranked:
            rank = backend(self.using).rank(self.parsed)
            results = self.matched.annotate(rank=rank).order_by("-rank", "-published_at", "-id")
        else:
            results = self.matched.order_by("-published_at", "-id")
        return _for_display(results)

    @property
    def ranked(self):
        return bool(self.parsed) and self.sort == "relevance"

    def _key(self, part):
        return cache.key(part, self.using, self.parsed, self.filters, self.sort)

    @cached_property
    def _summary(self):
        """The facets and, when the same statement can tell them, the ids of the first pages."""
        return cache.get_or_compute(self._key("facets"), self._count)

    def _count(self):
        found = backend(self.using)
        first, rank = FIRST_PAGES * 10, None
        if self.parsed and found.count_facets:  # read off the documents (PostgreSQL)
            return found.count_facets(self.parsed, self.filters, self.using, first, self.ranked)
        if self.ranked:
            rank = found.rank(self.parsed) if found.ranks_per_row else None
            first = first if rank is not None else 0
        return count_facets(self.base, self.filters, filter_condition, self.using, first, rank)

    @cached_property
    def facets(self):
        """{filter: [(value, names, count)]}: for each filter, the counts of its values
        among the matches filtered by every other filter. `names` is a (Korean,
        English) pair for series and authors, the value itself otherwise."""
        return {name: rows for name, rows in self._summary.items() if name != "first"}

    @cached_property
    def count(self):
        """How many articles match: read off the year counts (every match has one year)."""
        years = self.facets["year"]
        if "year" in self.filters:
            return sum(n for value, _, n in years if value == str(self.filters["year"]))
        return sum(n for _, _, n in years)

    def page(self, start, stop):
        """The articles from `start` to `stop` (exclusive), in order."""
        if start >= stop:
            return []
        if stop <= FIRST_PAGES * 10 and "first" in self._summary:
            ids = self._summary["first"][start:stop]  # read with the counts
        elif stop <= FIRST_PAGES * 10:
            ids = cache.get_or_compute(self._key("ids"), lambda: self._ids(0, FIRST_PAGES * 10))
            ids = ids[start:stop]
        else:
            ids = self._ids(start, stop)
        articles = _shown(self.using, ids)
        return [articles[pk] for pk in ids if pk in articles]

    def _ids(self, start, stop):
        if self.ranked:
            filtered = _filtered(self.published, self.filters)
            language = self.filters.get("language")
            return backend(self.using).ranked_ids(filtered, self.parsed, start, stop, language)
        ordered = self.matched.order_by("-published_at", "-id")
        return list(ordered.values_list("pk", flat=True)[start:stop])


def _shown(using, ids):
    """{id: article} of the published articles among `ids`, with their series,
    document and authors: two statements, and no more queryset cloning than needed.

    published() again: the ids may be read off documents a change has not reached
    yet. Attachments are read only if a snippet needs them (snippets.mark_articles).
    """
    found = Article.objects.using(using).published().filter(pk__in=ids).order_by()
    # Not the bodies (snippets read the document's plain text) nor the series'
    # descriptions: the largest columns, which no result shows.
    found = found.select_related("series", "search_document").defer(
        "body", "series__description_ko", "series__description_en"
    )
    articles = {article.pk: article for article in found}
    prefetch_related_objects(list(articles.values()), "authors")
    return articles


def _for_display(queryset):
    texts = Attachment.objects.select_related("search_text")
    return queryset.select_related("series", "search_document").prefetch_related(
        "authors", Prefetch("attachments", texts)
    )


def search(text, filters=None, sort="relevance"):
    """Published articles for a reader: matching `text` (all if it has no words)."""
    filters = {
        name: value
        for name, value in (filters or {}).items()
        if name in FILTERS and value not in (None, "")
    }
    parsed = q.parse(text)
    using = router.db_for_read(Article)
    sort = "date" if sort == "date" else "relevance"
    return Search(parsed, filters, sort, using)


def admin_search(queryset, term, found):
    """ArticleAdmin's search: what the admin found (`found`) or what site search finds.

    Drafts and scheduled articles included: editors search all their articles.
    """
    parsed = q.parse(term)
    if not parsed:
        return found
    matching = backend(queryset.db).ids(parsed)
    return queryset.filter(Q(pk__in=found.values("pk")) | Q(pk__in=matching))

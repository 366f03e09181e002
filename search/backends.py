"""The seam between search and the database: one backend per vendor.

Both receive the same tokens (search.tokenizer) and the same parsed query
(search.query), so the embedded SQLite site finds what PostgreSQL finds.
Weights: title > summary (with tags and authors) > body > attachments.
"""

from collections import defaultdict

from django.db import connections
from django.db.models import FloatField
from django.db.models.expressions import RawSQL
from django.utils import timezone

from . import document_facets
from . import query as q


def _compiled(queryset):
    """(sql, params) of a queryset, for the database it reads."""
    return queryset.query.get_compiler(using=queryset.db).as_sql()


FIELDS = ("title", "summary", "body", "attachments")
MAX_FIELD_TOKENS = {"title": 500, "summary": 5_000, "body": 60_000, "attachments": 100_000}


# What filters and facets read, copied from the articles onto their documents
# (columns added by migration 0002): search.document_facets counts from them.
# The year is the year in the site's time zone, as the ORM's __year reads it.
FACET_COLUMNS = """language = a.language, status = a.status,
 published_at = a.published_at, series_id = a.series_id,
 published_year = EXTRACT(YEAR FROM a.published_at AT TIME ZONE %s),
 author_ids = ARRAY(SELECT aa.author_id FROM publications_articleauthor aa
  WHERE aa.article_id = a.id ORDER BY aa.author_id),
 tag_ids = ARRAY(SELECT ti.tag_id FROM taggit_taggeditem ti
  JOIN django_content_type ct ON ct.id = ti.content_type_id
  WHERE ti.object_id = a.id AND ct.app_label = 'publications' AND ct.model = 'article'
  ORDER BY ti.tag_id)"""


class PostgresBackend:
    """A weighted `simple` tsvector per article (GIN), ranked with ts_rank over the
    OR of the wanted terms (search.query.to_rank_tsquery says why).

    Each document also carries a copy of what filters and facets read (status,
    date, language, series, author and tag ids), so that a results page reads
    the matching documents alone (search.document_facets).
    """

    WEIGHTS = dict(zip(FIELDS, "ABCD", strict=True))
    ranks_per_row = True  # rank() is cheap per article: facets may rank their matches
    MAX_POSITIONS = 256  # PostgreSQL keeps at most 256 positions per lexeme

    def vector_literal(self, fields):
        positions = defaultdict(list)
        position = 0
        for name in FIELDS:
            weight = self.WEIGHTS[name]
            for token in fields.get(name, [])[: MAX_FIELD_TOKENS[name]]:
                position += 1
                if len(positions[token]) < self.MAX_POSITIONS:
                    positions[token].append(f"{min(position, 16383)}{weight}")
            position += 2  # a phrase never spans two fields
        return " ".join(f"'{token}':{','.join(found)}" for token, found in positions.items())

    def write(self, article_id, fields, using):
        self.write_many({article_id: fields}, using)

    def write_many(self, entries, using):
        """Write {article id: fields} in one statement (their documents exist), with
        the copy of what filters and facets read."""
        if not entries:
            return
        rows = ", ".join(["(%s, %s)"] * len(entries))
        params = [
            value
            for article_id, fields in entries.items()
            for value in (article_id, self.vector_literal(fields))
        ]
        with connections[using].cursor() as cursor:
            cursor.execute(
                f"UPDATE search_searchdocument d SET vector = v.vector::tsvector, {FACET_COLUMNS}"  # noqa: S608 (placeholders only)
                f" FROM (VALUES {rows}) AS v (article_id, vector)"
                " JOIN publications_article a ON a.id = v.article_id"
                " WHERE d.article_id = v.article_id",
                [timezone.get_default_timezone_name(), *params],
            )

    def refresh(self, article_ids, using):
        """Copy what filters and facets read from these articles onto their documents.

        One statement, no tokenising: cheap enough to run in the web process as
        soon as an article changes, before the Celery worker re-indexes its words.
        """
        if article_ids:
            with connections[using].cursor() as cursor:
                cursor.execute(
                    f"UPDATE search_searchdocument d SET {FACET_COLUMNS}"  # noqa: S608 (constant SQL)
                    " FROM publications_article a"
                    " WHERE a.id = d.article_id AND a.id = ANY(%s)",
                    [timezone.get_default_timezone_name(), list(article_ids)],
                )

    def count_facets(self, parsed, filters, using, first=0, ranked=True):
        """The facets and first ids of a query, read off the documents alone."""
        return document_facets.count_facets(
            q.to_tsquery(parsed), q.to_rank_tsquery(parsed), filters, using, first, ranked
        )

    def rebuilt(self, using):
        """After a rebuild: fresh planner statistics for the rewritten documents."""
        with connections[using].cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument")

    def delete(self, article_id, using):
        pass  # the vector lives in the SearchDocument row, deleted with the article

    def ids(self, parsed):
        """A subquery of the ids of the matching articles."""
        return RawSQL(
            "SELECT d.article_id FROM search_searchdocument d WHERE d.vector @@ %s::tsquery",
            [q.to_tsquery(parsed)],
        )

    def rank(self, parsed):
        """The relevance of an article (higher is better), for Article querysets."""
        # Constant SQL, the query travels as a parameter; correlated with the
        # outer publications_article row.
        return RawSQL(  # noqa: S611
            "SELECT ts_rank(d.vector, %s::tsquery) FROM search_searchdocument d"
            " WHERE d.article_id = publications_article.id",
            [q.to_rank_tsquery(parsed)],
            output_field=FloatField(),
        )

    def ranked_ids(self, filtered, parsed, start, stop, language=None):
        """The ids of the articles of `filtered` (an Article queryset, not yet matched
        against the query) that match, from `start` to `stop`, best first.

        The matching documents are found and ranked first, in one pass over the
        documents (of `language` only, if given), then joined to `filtered`: so
        only the matches are ranked, and the rows sorted are narrow (id, rank).
        Left to itself the planner ranked every document before matching.
        """
        sql, params = _compiled(filtered.values("id", "published_at"))
        tsquery, rank_tsquery = q.to_tsquery(parsed), q.to_rank_tsquery(parsed)
        in_language = " AND d.language = %s" if language else ""
        with connections[filtered.db].cursor() as cursor:
            cursor.execute(
                "WITH r AS MATERIALIZED ("  # noqa: S608 (SQL compiled by the ORM)
                " SELECT d.article_id, ts_rank(d.vector, %s::tsquery) AS rank"
                f" FROM search_searchdocument d WHERE d.vector @@ %s::tsquery{in_language})"
                f" SELECT a.id FROM r JOIN ({sql}) a ON a.id = r.article_id"
                " ORDER BY r.rank DESC, a.published_at DESC, a.id DESC"
                " LIMIT %s OFFSET %s",
                [
                    rank_tsquery,
                    tsquery,
                    *([language] if language else []),
                    *params,
                    stop - start,
                    start,
                ],
            )
            return [row[0] for row in cursor.fetchall()]


class SqliteBackend:
    """An FTS5 table (rowid = article id), one column per weight, bm25 weights 10/4/2/1."""

    ranks_per_row = False  # rank() runs the MATCH again for each article
    count_facets = None  # no copy of the facets on the documents: search.facets counts

    def refresh(self, article_ids, using):
        pass  # nothing copied onto the documents

    def write(self, article_id, fields, using):
        values = [" ".join(fields.get(name, [])[: MAX_FIELD_TOKENS[name]]) for name in FIELDS]
        with connections[using].cursor() as cursor:
            cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [article_id])
            cursor.execute(
                "INSERT INTO search_fts (rowid, title, summary, body, attachments)"
                " VALUES (%s, %s, %s, %s, %s)",
                [article_id, *values],
            )

    def rebuilt(self, using):
        pass  # FTS5 keeps no planner statistics to refresh

    def write_many(self, entries, using):
        """Write {article id: fields}."""
        for article_id, fields in entries.items():
            self.write(article_id, fields, using)

    def delete(self, article_id, using):
        with connections[using].cursor() as cursor:
            cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [article_id])

    def ids(self, parsed):
        """A subquery of the ids of the matching articles."""
        return RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [q.to_fts5(parsed)])

    def rank(self, parsed):
        """The relevance of an article (higher is better), for Article querysets."""
        return RawSQL(  # noqa: S611 (constant SQL, the query is a parameter)
            "SELECT -bm25(search_fts, 10.0, 4.0, 2.0, 1.0) FROM search_fts"
            " WHERE search_fts MATCH %s AND rowid = publications_article.id",
            [q.to_fts5(parsed)],
            output_field=FloatField(),
        )

    def ranked_ids(self, filtered, parsed, start, stop, language=None):
        """The ids of the articles of `filtered` (an Article queryset) that match, from
        `start` to `stop`, best first (`language`: the filter, already in `filtered`)."""
        sql, params = _compiled(filtered.values("id", "published_at"))
        with connections[filtered.db].cursor() as cursor:
            cursor.execute(
                "SELECT a.id FROM search_fts"  # noqa: S608 (SQL compiled by the ORM)
                f" JOIN ({sql}) a ON a.id = search_fts.rowid"
                " WHERE search_fts MATCH %s"
                " ORDER BY bm25(search_fts, 10.0, 4.0, 2.0, 1.0), a.published_at DESC, a.id DESC"
                " LIMIT %s OFFSET %s",
                [*params, q.to_fts5(parsed), stop - start, start],
            )
            return [row[0] for row in cursor.fetchall()]


BACKENDS = {"postgresql": PostgresBackend(), "sqlite": SqliteBackend()}


def backend(using):
    """The backend for a database alias, by its vendor."""
    vendor = connections[using].vendor
    try:
        return BACKENDS[vendor]
    except KeyError:
        message = f"site search supports PostgreSQL and SQLite, not {vendor}"
        raise NotImplementedError(message) from None

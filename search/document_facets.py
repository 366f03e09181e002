"""The counts beside the filters and the first ranked ids, read off the search documents.

PostgreSQL only. The same answer as search.facets.count_facets, which reads the
articles, their authors and tags: here each document carries a copy of what
filters and facets read (status, date, language, series, author and tag ids:
migration 0002, kept by PostgresBackend.refresh), so a query reads its matching
documents once, from the GIN index, ranks only those that pass every filter,
and counts them five ways. Names are joined to the few groups, not to the rows.
"""

from django.db import connections
from django.utils import timezone

from publications.models import Article

from .facets import collected

CONDITIONS = {  # what an article meets when a filter has a value, on its document d
    "series": "d.series_id = (SELECT s.id FROM publications_series s WHERE s.slug = %s)",
    "author": "d.author_ids @> ARRAY[(SELECT au.id FROM publications_author au"
    " WHERE au.slug = %s)]::bigint[]",
    "tag": "d.tag_ids @> ARRAY[(SELECT tg.id FROM taggit_tag tg WHERE tg.slug = %s)]::bigint[]",
    "year": "d.published_year = %s",
    "language": "d.language = %s",
}
FACETS = (
    "SELECT 'series', s.slug, s.name_ko, s.name_en, c.n FROM (SELECT m.series_id, COUNT(*) AS n"
    " FROM m {where} GROUP BY m.series_id) c JOIN publications_series s ON s.id = c.series_id",
    "SELECT 'author', au.slug, au.name_ko, au.name_en, c.n FROM (SELECT x.id, COUNT(*) AS n"
    " FROM (SELECT unnest(m.author_ids) AS id FROM m {where}) x GROUP BY x.id) c"
    " JOIN publications_author au ON au.id = c.id",
    "SELECT 'tag', tg.slug, tg.name, tg.name, c.n FROM (SELECT x.id, COUNT(*) AS n"
    " FROM (SELECT unnest(m.tag_ids) AS id FROM m {where}) x GROUP BY x.id) c"
    " JOIN taggit_tag tg ON tg.id = c.id",
    "SELECT 'year', CAST(m.facet_year AS TEXT), NULL, NULL, COUNT(*) FROM m {where}"
    " GROUP BY m.facet_year",
    "SELECT 'language', m.language, NULL, NULL, COUNT(*) FROM m {where} GROUP BY m.language",
)
NAMES = ("series", "author", "tag", "year", "language")


def _condition(name, value):
    return CONDITIONS[name], [int(value) if name == "year" else value]


def count_facets(tsquery, rank_tsquery, filters, using, first=0, ranked=True):
    """{facet: [(value, (name_ko, name_en) or None, count)]} of the published articles
    whose document matches `tsquery` (text of a tsquery), as search.facets.count_facets.

    With `first`, also the ids of the first `first` results under "first": best
    first by ts_rank over `rank_tsquery` if `ranked`, else newest first; ties
    newest first.
    """
    columns, params = [], []
    every, every_params = [], []
    for name, value in filters.items():
        sql, values = _condition(name, value)
        columns.append(f"{sql} AS ok_{name}")
        params += values
        every.append(sql)
        every_params += values
    order, kept = "m.published_at DESC, m.id DESC", "m.id, m.published_at"
    if first and ranked:
        rank = "ts_rank(d.vector, %s::tsquery)"
        if every:
            rank = f"CASE WHEN {' AND '.join(every)} THEN {rank} END"
        columns.append(f"{rank} AS facet_rank")
        params += [*every_params, rank_tsquery]
        order, kept = "m.facet_rank DESC, " + order, kept + ", m.facet_rank"
    cte = (
        "SELECT d.article_id AS id, d.series_id, d.language, d.author_ids, d.tag_ids,"  # noqa: S608 (constant SQL)
        f" d.published_at, d.published_year AS facet_year{''.join(', ' + c for c in columns)}"
        " FROM search_searchdocument d"
        " WHERE d.vector @@ %s::tsquery AND d.status = %s AND d.published_at <= %s"
    )
    params += [tsquery, Article.Status.PUBLISHED, timezone.now()]
    selects = []
    for name, facet in zip(NAMES, FACETS, strict=True):
        others = [f"m.ok_{other}" for other in filters if other != name]
        selects.append(facet.format(where=f"WHERE {' AND '.join(others)}" if others else ""))
    if first:
        where = " AND ".join(f"m.ok_{name}" for name in filters)
        # The first results, found by a top-N sort of the matches, then numbered.
        selects.append(
            "SELECT 'first', CAST(f.id AS TEXT), NULL, NULL, ROW_NUMBER() OVER"  # noqa: S608 (constant SQL)
            f" (ORDER BY {order.replace('m.', 'f.')}) FROM (SELECT {kept} FROM m"
            f" {'WHERE ' + where if where else ''} ORDER BY {order} LIMIT %s) f"
        )
        params.append(first)
    sql = f"WITH m AS MATERIALIZED ({cte}) " + " UNION ALL ".join(selects)
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return collected(cursor.fetchall(), first)

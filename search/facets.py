"""The counts beside the filters, all five in one statement.

The matching articles are selected once (a CTE, which PostgreSQL materialises
since it is read five times) with a flag per chosen filter; each facet counts
the matches that pass every *other* chosen filter, so a reader sees what
choosing another value would give. Plain SQL that PostgreSQL and SQLite both
run; the CTE itself is compiled by the ORM (published(), the match, filters).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models import BooleanField, Case, ExpressionWrapper, Q, When
from django.db.models.functions import ExtractYear

from publications import languages
from publications.models import Article, ArticleAuthor, Author, Series

NAMED = ("series", "author")
FACETS = ("series", "author", "tag", "year", "language")


def _tables(connection):
    quote = connection.ops.quote_name
    tagged = Article.tags.through
    tag = tagged._meta.get_field("tag").related_model
    return {
        "series": quote(Series._meta.db_table),
        "author": quote(Author._meta.db_table),
        "link": quote(ArticleAuthor._meta.db_table),
        "tagged": quote(tagged._meta.db_table),
        "tag": quote(tag._meta.db_table),
        "object_id": quote(tagged._meta.get_field("object_id").column),
        "content_type": quote(tagged._meta.get_field("content_type").column),
        "tag_id": quote(tagged._meta.get_field("tag").column),
    }


def _parts(t):
    """(facet, FROM/JOIN clause, value, name_ko, name_en, GROUP BY) per facet."""
    return [
        (
            "series",
            f"JOIN {t['series']} s ON s.id = m.series_id",
            "s.slug",
            "s.name_ko",
            "s.name_en",
            "s.slug, s.name_ko, s.name_en",
        ),
        (
            "author",
            f"JOIN {t['link']} aa ON aa.article_id = m.id"
            f" JOIN {t['author']} au ON au.id = aa.author_id",
            "au.slug",
            "au.name_ko",
            "au.name_en",
            "au.slug, au.name_ko, au.name_en",
        ),
        (
            "tag",
            f"JOIN {t['tagged']} ti ON ti.{t['object_id']} = m.id AND ti.{t['content_type']} = %s"
            f" JOIN {t['tag']} tg ON tg.id = ti.{t['tag_id']}",
            "tg.slug",
            "tg.name",
            "tg.name",
            "tg.slug, tg.name",
        ),
        ("year", "", "CAST(m.facet_year AS TEXT)", "NULL", "NULL", "m.facet_year"),
        ("language", "", "m.language", "NULL", "NULL", "m.language"),
    ]


def count_facets(base, filters, condition, using, first=0, rank=None):
    """{facet: [(value, (name_ko, name_en) or None, count)]} over `base` and `filters`.

    With `first`, the same statement also lists the ids of the first `first`
    results (the matches that pass every filter), under the key "first": best
    first by `rank` (an expression on the article, higher is better, computed
    for those results only) if given, else newest first; ties newest first.
    """
    connection = connections[using]
    flags = {
        f"facet_ok_{name}": ExpressionWrapper(condition(name, value), output_field=BooleanField())
        for name, value in filters.items()
    }
    extra = {}
    if first and rank is not None:
        every = Q()
        for name, value in filters.items():
            every &= condition(name, value)
        extra["facet_rank"] = Case(When(every, then=rank), default=None) if filters else rank
    matches = base.annotate(facet_year=ExtractYear("published_at"), **flags, **extra).values(
        "id", "series_id", "language", "facet_year", *flags, *extra, "published_at"
    )
    cte, params = matches.query.get_compiler(using=using).as_sql()
    selects = []
    tables = _tables(connection)
    for name, joins, value, name_ko, name_en, group in _parts(tables):
        others = [f"m.facet_ok_{other}" for other in filters if other != name]
        where = f"WHERE {' AND '.join(others)}" if others else ""
        selects.append(
            f"SELECT '{name}', {value}, {name_ko}, {name_en}, COUNT(*) FROM m {joins} {where}"  # noqa: S608 (constant SQL)
            f" GROUP BY {group}"
        )
        if name == "tag":
            params = (*params, ContentType.objects.db_manager(using).get_for_model(Article).pk)
    if first:
        where = " AND ".join(f"m.facet_ok_{name}" for name in filters)
        order = "m.published_at DESC, m.id DESC"
        if rank is not None:
            order = "m.facet_rank DESC, " + order
        selects.append(
            "SELECT 'first', CAST(f.id AS TEXT), NULL, NULL, f.position FROM"  # noqa: S608 (constant SQL)
            f" (SELECT m.id, ROW_NUMBER() OVER (ORDER BY {order}) AS position FROM m"
            f" {'WHERE ' + where if where else ''} ORDER BY {order} LIMIT %s) f"
        )
        params = (*params, first)
    sql = f"WITH m AS ({cte}) " + " UNION ALL ".join(selects)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return collected(cursor.fetchall(), first)


def collected(rows, first):
    """The facets of rows (facet, value, name_ko, name_en, count), as count_facets() returns
    them; rows of the facet "first" are ids of results (value) and their position (count)."""
    facets = {name: [] for name in FACETS}
    ranked = []
    for facet, value, name_ko, name_en, count in rows:
        if facet == "first":
            ranked.append((count, int(value)))
            continue
        if value is None or value == "":
            continue
        names = (name_ko, name_en) if facet in NAMED else None
        if facet == "tag":
            names = (name_ko, name_ko)
        facets[facet].append((str(value), names, count))
    if first:
        facets["first"] = [article_id for _, article_id in sorted(ranked)]
    return facets


def labelled(facets):
    """The facets as (value, label, count), in the order a reader scans them.

    Series and authors by their name in the active language (else the other),
    most frequent first; years newest first; languages by code.
    """
    first = 0 if languages.by_preference()[0] == "ko" else 1
    shown = {}
    for name, rows in facets.items():
        if name == "first":
            continue
        options = [
            (value, (names[first] or names[1 - first]) if names else value, count)
            for value, names, count in rows
        ]
        if name == "year":
            options.sort(key=lambda row: row[0], reverse=True)
        elif name == "language":
            options.sort(key=lambda row: row[0])
        else:
            options.sort(key=lambda row: (-row[2], row[1]))
        shown[name] = options
    return shown

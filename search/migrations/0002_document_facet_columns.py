"""PostgreSQL: what filters and facets read, copied onto each search document.

A results page then counts its facets and ranks its matches in one pass over
the matching documents, without joining the articles, their authors and tags
(search.document_facets). Written by search.backends with the vector, and
refreshed as soon as an article changes (search.signals). SQLite keeps no
copy: its facets are counted from the articles themselves (search.facets).
"""

from django.db import migrations
from django.utils import timezone

COLUMNS = (
    "ADD COLUMN status varchar(10) NOT NULL DEFAULT '',"
    " ADD COLUMN published_at timestamptz,"
    " ADD COLUMN published_year smallint,"
    " ADD COLUMN series_id bigint,"
    " ADD COLUMN author_ids bigint[] NOT NULL DEFAULT '{}',"
    " ADD COLUMN tag_ids bigint[] NOT NULL DEFAULT '{}'"
)

# The documents indexed before: their columns copied once (as search.backends does).
FILL = """
UPDATE search_searchdocument d SET status = a.status, published_at = a.published_at,
 published_year = EXTRACT(YEAR FROM a.published_at AT TIME ZONE %s), series_id = a.series_id,
 author_ids = ARRAY(SELECT aa.author_id FROM publications_articleauthor aa
  WHERE aa.article_id = a.id ORDER BY aa.author_id),
 tag_ids = ARRAY(SELECT ti.tag_id FROM taggit_taggeditem ti
  JOIN django_content_type ct ON ct.id = ti.content_type_id
  WHERE ti.object_id = a.id AND ct.app_label = 'publications' AND ct.model = 'article'
  ORDER BY ti.tag_id)
FROM publications_article a WHERE a.id = d.article_id
"""


def add_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE search_searchdocument {COLUMNS}")
    schema_editor.execute(FILL, [timezone.get_default_timezone_name()])


def drop_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE search_searchdocument DROP COLUMN status, DROP COLUMN published_at,"
        " DROP COLUMN published_year,"
        " DROP COLUMN series_id, DROP COLUMN author_ids, DROP COLUMN tag_ids"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("taggit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_columns, drop_columns)]

import django.db.models.deletion
from django.db import migrations, models


def create_index(apps, schema_editor):
    """The ranked index, per database: a GIN-indexed tsvector or an FTS5 table."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchdocument ADD COLUMN vector tsvector")
        schema_editor.execute(
            "CREATE INDEX search_document_vector ON search_searchdocument USING gin (vector)"
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE search_fts USING fts5("
            "title, summary, body, attachments, tokenize='unicode61 remove_diacritics 2')"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("publications", "0004_pdf_exports_private_storage"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="publications.article",
                    ),
                ),
                ("language", models.CharField(db_index=True, max_length=8, verbose_name="language")),
                ("body_text", models.TextField(blank=True, verbose_name="body text")),
                ("indexed_at", models.DateTimeField(auto_now=True)),
            ],
            options={"verbose_name": "search document", "verbose_name_plural": "search documents"},
        ),
        migrations.CreateModel(
            name="AttachmentText",
            fields=[
                (
                    "attachment",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_text",
                        serialize=False,
                        to="publications.attachment",
                    ),
                ),
                ("file_name", models.CharField(max_length=255)),
                ("text", models.TextField(blank=True)),
                ("extracted_at", models.DateTimeField(auto_now=True)),
            ],
            options={"verbose_name": "attachment text", "verbose_name_plural": "attachment texts"},
        ),
        migrations.RunPython(create_index, drop_index),
    ]

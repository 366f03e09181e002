"""Two editions: an article's language and translation, names in both languages.

Existing series and author names (and descriptions, titles, bios) move to the
field of the language they are written in; existing articles are Korean when
their title has Hangul in it, English otherwise.
"""

import re

from django.db import migrations, models

import publications.fields
import publications.models

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")


def _language(text):
    return "ko" if HANGUL.search(text or "") else "en"


def move_to_korean_fields(apps, schema_editor):
    for model_name, fields in (("Series", ["name", "description"]), ("Author", ["name", "title", "bio"])):
        model = apps.get_model("publications", model_name)
        for row in model.objects.all():
            changed = []
            for field in fields:
                text = getattr(row, f"{field}_en")
                if _language(text) == "ko":
                    setattr(row, f"{field}_ko", text)
                    setattr(row, f"{field}_en", "")
                    changed += [f"{field}_ko", f"{field}_en"]
            if changed:
                row.save(update_fields=changed)
    Article = apps.get_model("publications", "Article")
    for article in Article.objects.only("id", "title"):
        Article.objects.filter(pk=article.pk).update(language=_language(article.title))


def move_back(apps, schema_editor):
    for model_name, fields in (("Series", ["name", "description"]), ("Author", ["name", "title", "bio"])):
        model = apps.get_model("publications", model_name)
        for row in model.objects.all():
            for field in fields:
                if not getattr(row, f"{field}_en"):
                    setattr(row, f"{field}_en", getattr(row, f"{field}_ko"))
            row.save()


class Migration(migrations.Migration):
    dependencies = [("publications", "0006_tags_with_usable_slugs")]

    operations = [
        migrations.RenameField("series", "name", "name_en"),
        migrations.RenameField("series", "description", "description_en"),
        migrations.RenameField("author", "name", "name_en"),
        migrations.RenameField("author", "title", "title_en"),
        migrations.RenameField("author", "bio", "bio_en"),
        migrations.AlterField(
            "series",
            "name_en",
            publications.fields.PlainCharField(blank=True, max_length=120, verbose_name="name (English)"),
        ),
        migrations.AlterField(
            "series",
            "description_en",
            publications.fields.PlainTextField(blank=True, verbose_name="description (English)"),
        ),
        migrations.AlterField(
            "author",
            "name_en",
            publications.fields.PlainCharField(blank=True, max_length=120, verbose_name="name (English)"),
        ),
        migrations.AlterField(
            "author",
            "title_en",
            publications.fields.PlainCharField(blank=True, max_length=200, verbose_name="title (English)"),
        ),
        migrations.AlterField(
            "author",
            "bio_en",
            publications.fields.PlainTextField(blank=True, verbose_name="short bio (English)"),
        ),
        migrations.AddField(
            "series",
            "name_ko",
            publications.fields.PlainCharField(blank=True, max_length=120, verbose_name="name (Korean)"),
        ),
        migrations.AddField(
            "series",
            "description_ko",
            publications.fields.PlainTextField(blank=True, verbose_name="description (Korean)"),
        ),
        migrations.AddField(
            "author",
            "name_ko",
            publications.fields.PlainCharField(blank=True, max_length=120, verbose_name="name (Korean)"),
        ),
        migrations.AddField(
            "author",
            "title_ko",
            publications.fields.PlainCharField(blank=True, max_length=200, verbose_name="title (Korean)"),
        ),
        migrations.AddField(
            "author",
            "bio_ko",
            publications.fields.PlainTextField(blank=True, verbose_name="short bio (Korean)"),
        ),
        migrations.AlterModelOptions(
            name="series",
            options={
                "ordering": ["position", "name_en", "name_ko"],
                "verbose_name": "series",
                "verbose_name_plural": "series",
            },
        ),
        migrations.AlterModelOptions(
            name="author",
            options={"ordering": ["name_en", "name_ko"], "verbose_name": "author", "verbose_name_plural": "authors"},
        ),
        migrations.AddField(
            "article",
            "language",
            models.CharField(
                choices=[("ko", "Korean"), ("en", "English")],
                db_index=True,
                default=publications.models.default_language,
                max_length=2,
                verbose_name="language",
            ),
        ),
        migrations.AddField(
            "article",
            "translation_key",
            models.UUIDField(blank=True, editable=False, null=True, verbose_name="translation key"),
        ),
        migrations.AddConstraint(
            "article",
            models.UniqueConstraint(
                condition=models.Q(translation_key__isnull=False),
                fields=("translation_key", "language"),
                name="article_one_translation_per_language",
            ),
        ),
        migrations.RunPython(move_to_korean_fields, move_back),
    ]

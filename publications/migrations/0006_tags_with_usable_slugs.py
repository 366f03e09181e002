"""Give tags saved with an empty slug (a name of emoji or punctuation) a usable one."""

from django.db import migrations

from publications.validators import has_usable_slug, tag_slug


def fix_empty_tag_slugs(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    taken = set(Tag.objects.values_list("slug", flat=True))
    for tag in Tag.objects.order_by("pk").iterator():
        if has_usable_slug(tag.slug):
            continue
        slug, n = tag_slug(tag.name), 1
        while slug in taken:
            n += 1
            slug = f"{tag_slug(tag.name)}-{n}"
        taken.add(slug)
        tag.slug = slug
        tag.save(update_fields=["slug"])


def rename_feed_articles(apps, schema_editor):
    """An article slugged "feed" could never be opened: its address was the series feed."""
    Article = apps.get_model("publications", "Article")
    for article in Article.objects.filter(slug="feed"):
        slug, n = "feed-article", 1
        while Article.objects.filter(series_id=article.series_id, slug=slug).exists():
            n += 1
            slug = f"feed-article-{n}"
        Article.objects.filter(pk=article.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0005_plain_text_and_bounds"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunPython(fix_empty_tag_slugs, migrations.RunPython.noop),
        migrations.RunPython(rename_feed_articles, migrations.RunPython.noop),
    ]

"""Helpers for the exchange tests: write files, take snapshots of what is stored."""

import copy
import json
from pathlib import Path

from django.conf import settings
from taggit.models import Tag, TaggedItem

from publications.exchange.load import current_tag_names
from publications.models import Article, ArticleAuthor, Attachment, Author, Series
from tests.factories import MINIMAL_PDF

BASE = {
    "format": "thinktank-publications/1",
    "series": [{"slug": "ifans-focus", "name": "IFANS Focus", "description": "Analyses."}],
    "authors": [
        {"slug": "lee-taerim", "name": "LEE TaeRim", "title": "Professor", "bio": ""},
        {"slug": "kim-minji", "name": "KIM Minji"},
    ],
    "articles": [
        {
            "series": "ifans-focus",
            "slug": "an-analysis-of-the-biden-putin-summit",
            "title": "An Analysis of the Biden-Putin Summit",
            "authors": ["lee-taerim", "kim-minji"],
            "published": "2021-07-27",
            "status": "published",
            "hits": 2060,
            "summary": "One paragraph.",
            "body_html": "<p>On June 16, 2021, a summit “constructive.”</p>",
            "tags": ["USRussiaRelations", "BidenPutinSummit"],
            "attachments": [{"title": "The Full Text", "file": "files/The Full Text.pdf"}],
        }
    ],
}


def exchange_data():
    """A fresh copy of a valid file's content, to be modified by a test."""
    return copy.deepcopy(BASE)


def write_exchange(folder, data, name="publications.json", pdfs=("The Full Text.pdf",)):
    """Write `data` as JSON into `folder` with the PDFs it names under files/."""
    folder = Path(folder)
    (folder / "files").mkdir(parents=True, exist_ok=True)
    for pdf in pdfs:
        (folder / "files" / pdf).write_bytes(MINIMAL_PDF)
    path = folder / name
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, indent=2)
    path.write_text(text, encoding="utf-8")
    return path


SERIES_FIELDS = ("slug", "name_ko", "name_en", "description_ko", "description_en", "position")
AUTHOR_FIELDS = ("slug", "name_ko", "name_en", "title_ko", "title_en", "bio_ko", "bio_en")


def media_files():
    """{relative path: (size, mtime_ns)} of every file under MEDIA_ROOT."""
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def snapshot():
    """Every stored row (all columns) and media file: equal snapshots = nothing written."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Series, Author, Article, ArticleAuthor, Attachment, Tag, TaggedItem)
    } | {"media": media_files()}


def stored_bytes(attachment):
    with attachment.file.open("rb") as handle:
        return handle.read()


def content():
    """The publications content, independent of primary keys and storage paths."""
    articles = []
    for article in Article.objects.select_related("series").order_by("series__slug", "slug"):
        articles.append(
            {
                "series": article.series.slug,
                "slug": article.slug,
                "title": article.title,
                "summary": article.summary,
                "body": article.body,
                "published_at": article.published_at,
                "status": article.status,
                "hits": article.hits,
                "language": article.language,
                # the partners' addresses: keys differ between databases, pairs do not
                "translations": sorted(
                    f"{other.series.slug}/{other.slug}"
                    for other in article.translations().select_related("series")
                ),
                "authors": list(
                    article.article_authors.order_by("position").values_list(
                        "author__slug", flat=True
                    )
                ),
                "tags": current_tag_names(article),
                "attachments": [
                    (a.title, a.original_name, a.position, a.size, stored_bytes(a))
                    for a in article.attachments.order_by("position")
                ],
            }
        )
    return {
        "series": list(Series.objects.order_by("slug").values(*SERIES_FIELDS)),
        "authors": list(Author.objects.order_by("slug").values(*AUTHOR_FIELDS)),
        "articles": articles,
    }

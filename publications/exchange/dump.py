"""Writing the exchange file: the JSON, and the attachments beside it under `files/`.

Export then import into an empty database gives back the same content. So
every article field the format knows is written; `published` is a plain date
when the time is midnight in settings.TIME_ZONE (how dates are usually
entered), else a full ISO 8601 date-time with its UTC offset. Attachment files
keep their original names: `files/<name>`, or `files/<n>/<name>` when two
attachments share a name, so the importer (which takes the base name as the
original name) restores them unchanged. Files already in `files/` with the same
names are overwritten; others are left alone.
"""

import json
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from django.db.models import Prefetch
from django.utils import timezone

from ..models import Article, ArticleAuthor, Attachment, Author, Series
from .errors import ExchangeError, Problems, Report
from .load import current_tag_names
from .validate import FORMAT, LANGUAGES

FILES_DIR = "files"


def dump(path, series_slugs=None):
    """Export to `path`; restrict to `series_slugs` if given. Returns a Report."""
    path = Path(path)
    series = _series(series_slugs)
    articles = list(
        Article.objects.filter(series__in=series)
        .select_related("series")
        .prefetch_related(
            Prefetch(
                "article_authors",
                queryset=ArticleAuthor.objects.select_related("author").order_by("position", "id"),
            ),
            Prefetch("attachments", queryset=Attachment.objects.order_by("position", "id")),
        )
        .order_by("series__position", "series__slug", "published_at", "id")
    )
    if series_slugs:
        author_ids = {link.author_id for a in articles for link in a.article_authors.all()}
        authors = Author.objects.filter(pk__in=author_ids)
    else:
        authors = Author.objects.all()
    _check_files(articles)

    report = Report(kinds=("series", "authors", "articles", "attachments"), outcomes=("written",))
    names = _FileNames()
    translations = translation_names(articles)
    data = {
        "format": FORMAT,
        "series": [_series_data(s) for s in series],
        "authors": [_author_data(a) for a in authors.order_by("slug")],
        "articles": [_article_data(a, names, translations) for a in articles],
    }
    for kind in ("series", "authors", "articles"):
        report.count(kind, "written", len(data[kind]))

    path.parent.mkdir(parents=True, exist_ok=True)
    for stored, relative, kind in names.files:
        target = path.parent / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        with stored.open("rb") as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        if kind == "attachment":
            report.count("attachments", "written")
    _write_json(path, data)
    return report


def _series(slugs):
    queryset = Series.objects.order_by("position", "slug")
    if not slugs:
        return list(queryset)
    found = list(queryset.filter(slug__in=slugs))
    missing = sorted(set(slugs) - {s.slug for s in found})
    if missing:
        raise ExchangeError([f'--series: unknown series "{slug}"' for slug in missing])
    return found


def _check_files(articles):
    """Refuse before writing anything if an attachment's stored file is gone."""
    problems = Problems()
    for article in articles:
        for attachment in article.attachments.all():
            if not attachment.file or not attachment.file.storage.exists(attachment.file.name):
                problems.add(
                    f'article "{article.series.slug}/{article.slug}"',
                    f'attachment "{attachment.title}": file missing from storage',
                )
        cover = article.cover_image
        if cover and not cover.storage.exists(cover.name):
            problems.add(
                f'article "{article.series.slug}/{article.slug}"',
                "cover image: file missing from storage",
            )
    problems.raise_if_any()


def in_languages(instance, base):
    """`{base}_ko`, `{base}_en` as the format gives them: one string when they are equal,
    else an object with the languages that have a text."""
    texts = {code: getattr(instance, f"{base}_{code}") for code in LANGUAGES}
    if len(set(texts.values())) == 1:
        return texts[LANGUAGES[0]]
    return {code: text for code, text in texts.items() if text}


def _series_data(series):
    return {
        "slug": series.slug,
        "name": in_languages(series, "name"),
        "description": in_languages(series, "description"),
        "position": series.position,
    }


def _author_data(author):
    return {
        "slug": author.slug,
        "name": in_languages(author, "name"),
        "title": in_languages(author, "title"),
        "bio": in_languages(author, "bio"),
    }


def translation_names(articles):
    """{translation_key: a readable string for it}: "series/slug" of one of its articles.

    The first address in alphabetical order among all the group's articles
    (in this export or not) names it: every export of the same content writes
    the same strings, whatever database it comes from.
    """
    keys = {article.translation_key for article in articles if article.translation_key}
    names = {}
    rows = Article.objects.filter(translation_key__in=keys).values_list(
        "translation_key", "series__slug", "slug"
    )
    for key, series, slug in rows:
        name = f"{series}/{slug}"
        names[key] = min(names.get(key, name), name)
    return names


def published_value(moment):
    """A date if `moment` is midnight local time, else ISO date-time with offset."""
    local = timezone.localtime(moment)
    if (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0):
        return local.date().isoformat()
    return local.isoformat()


def _article_data(article, names, translations):
    data = {
        "series": article.series.slug,
        "slug": article.slug,
        "language": article.language,
        "title": article.title,
        "authors": [link.author.slug for link in article.article_authors.all()],
        "published": published_value(article.published_at),
        "status": article.status,
        "hits": article.hits,
        "summary": article.summary,
        "body_html": article.body,
        "tags": current_tag_names(article),
        "attachments": [
            {"title": a.title, "file": names.claim(a)} for a in article.attachments.all()
        ],
    }
    if article.translation_key:
        data["translation"] = translations[article.translation_key]
    # Version 2's optional citation fields: written when the article has them.
    data.update({key: value for key, value in _citation_data(article, names).items() if value})
    return data


def _citation_data(article, names):
    return {
        "doi": article.doi,
        "number": article.number,
        "cover": names.claim_cover(article) if article.cover_image else None,
    }


class _FileNames:
    """Unique relative paths under files/, keeping each original base name."""

    def __init__(self):
        self.taken = set()
        self.files = []

    def claim(self, attachment):
        return self._claim(attachment.file, attachment.download_name, FILES_DIR, "attachment")

    def claim_cover(self, article):
        name = PurePosixPath(article.cover_image.name).name
        return self._claim(article.cover_image, name, f"{FILES_DIR}/covers", "cover")

    def _claim(self, stored, download_name, folder, kind):
        name = _safe_name(download_name)
        relative = PurePosixPath(folder, name)
        n = 1
        # casefold: the export may be copied to a case-insensitive file system
        while str(relative).casefold() in self.taken:
            n += 1
            relative = PurePosixPath(folder, str(n), name)
        self.taken.add(str(relative).casefold())
        self.files.append((stored, relative, kind))
        return str(relative)


def _safe_name(name):
    """The base name, without anything a file system or the importer would refuse."""
    name = PurePosixPath(name.replace("\\", "/")).name
    name = "".join(c for c in name if c >= " " and c != "\x7f").strip()
    if name in ("", ".", ".."):
        name = "attachment"
    return name[:200]


def _write_json(path, data):
    """Write atomically: a reader never sees half a file."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".export-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=2)
            out.write("\n")
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise

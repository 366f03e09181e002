"""Writing a checked Plan into the database: create, update, or leave alone.

Records are keyed as the format says: series and authors by slug, articles by
(series, slug). A record the database already has is updated only where it
differs, so importing the same file twice changes nothing the second time
(no saves, no new rows, no rewritten files). Fields a record leaves out keep
their current value on update and take the default on create (status
"published", hits 0, empty text, no authors/tags/attachments).

Everything happens in one transaction, and is one revision (revisions.py):
each article written is kept in it as it ends up, and a status it changes
is logged (workflow.record, with no user). Attachment files written before a
failure are deleted again; files of attachments that an import replaces are
deleted only once the transaction has committed.
"""

import hashlib

from django.core.files import File
from django.db import DatabaseError, transaction
from taggit.models import TaggedItem

from .. import revisions, workflow
from ..models import Article, ArticleAuthor, Attachment, Author, Series
from ..sanitize import sanitize_html
from .errors import ExchangeError, Report
from .validate import DEFAULT_LANGUAGE

ARTICLE_DEFAULTS = {
    "language": DEFAULT_LANGUAGE,  # not the site's LANGUAGE_CODE: the format says English
    "status": Article.Status.PUBLISHED,
    "hits": 0,
    "summary": "",
    "body": "",
}


def apply(plan, dry_run=False):
    """Write `plan`; with dry_run, only count what would change. Returns a Report."""
    report = Report(dry_run=dry_run)
    if dry_run:
        _apply(plan, report, dry_run=True, written=[])
        return report
    written = []
    try:
        with transaction.atomic(), revisions.revision(comment="Imported from an exchange file"):
            _apply(plan, report, dry_run=False, written=written)
    except DatabaseError as exc:
        _delete_files(written)
        raise ExchangeError([f"database: {exc}".strip()]) from exc
    except BaseException:
        _delete_files(written)
        raise
    return report


def _apply(plan, report, dry_run, written):
    series = {
        item.slug: _sync_record(Series, item, report, "series", dry_run) for item in plan.series
    }
    authors = {
        item.slug: _sync_record(Author, item, report, "authors", dry_run) for item in plan.authors
    }
    if not dry_run:
        _leave_changing_groups(plan.articles)
    for item in plan.articles:
        _sync_article(item, series, authors, report, dry_run, written)


def _leave_changing_groups(items):
    """Take the articles whose translation group or language changes out of their group first.

    The database checks one article per language and group row by row, so
    two articles trading places (a swap of languages or of partners) would
    collide half-way; saving each one then puts it in its new group.
    """
    wanted = {(item.series, item.slug): item.fields for item in items}
    rows = Article.objects.filter(
        slug__in={slug for _, slug in wanted}, translation_key__isnull=False
    ).values("pk", "series__slug", "slug", "language", "translation_key")
    moving = []
    for row in rows:
        fields = wanted.get((row["series__slug"], row["slug"]))
        if fields is not None and (
            fields.get("translation_key", row["translation_key"]) != row["translation_key"]
            or fields.get("language", row["language"]) != row["language"]
        ):
            moving.append(row["pk"])
    if moving:
        Article.objects.filter(pk__in=moving).update(translation_key=None)


def _sync_record(model, item, report, kind, dry_run):
    """Create or update one series/author; returns the instance (unsaved on dry run)."""
    instance = model.objects.filter(slug=item.slug).first()
    if instance is None:
        instance = model(slug=item.slug, **item.fields)
        if not dry_run:
            instance.save()
        report.count(kind, "created")
        return instance
    changed = _assign(instance, item.fields)
    if changed and not dry_run:
        instance.save(update_fields=changed)
    report.count(kind, "updated" if changed else "unchanged")
    return instance


def _assign(instance, fields):
    """Set the fields that differ; return their names."""
    changed = []
    for name, value in fields.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def _resolve(slug, known, model):
    return known.get(slug) or model.objects.get(slug=slug)


def _sync_article(item, series, authors, report, dry_run, written):
    """Create or update one article; returns it if it was written, else None."""
    fields = dict(item.fields)
    if "body" in fields:
        # Compare with what Article.save() will store, or every re-import of
        # a body that sanitising changes would count as an update.
        fields["body"] = sanitize_html(fields["body"])
    article = Article.objects.filter(series__slug=item.series, slug=item.slug).first()
    created = article is None
    status_before = None if created else article.status
    if created:
        article = Article(
            series=_resolve(item.series, series, Series),
            slug=item.slug,
            **{**ARTICLE_DEFAULTS, **fields},
        )
        changed = True
    else:
        changed = bool(_assign(article, fields))
    if dry_run:
        if not created:
            changed |= _authors_differ(article, item) or _tags_differ(article, item)
            changed |= _attachments_differ(article, item) or _cover_differs(article, item)
        _count_attachments(article if not created else None, item, report)
        report.count("articles", "created" if created else "updated" if changed else "unchanged")
        return None
    if changed:
        article.save()  # through save(): the body is sanitised as in the admin
    changed |= _sync_authors(article, item, authors, created)
    changed |= _sync_tags(article, item, created)
    changed |= _sync_attachments(article, item, report, written)
    changed |= _sync_cover(article, item, written)
    if changed:
        revisions.keep(article)
        workflow.record(article, status_before)
    report.count("articles", "created" if created else "updated" if changed else "unchanged")
    return article if changed else None


# --- authors -------------------------------------------------------------------


def _current_author_slugs(article):
    return list(
        ArticleAuthor.objects.filter(article=article)
        .order_by("position", "id")
        .values_list("author__slug", flat=True)
    )


def _authors_differ(article, item):
    return item.authors is not None and _current_author_slugs(article) != item.authors


def _sync_authors(article, item, authors, created):
    if item.authors is None or (not created and not _authors_differ(article, item)):
        return False
    ArticleAuthor.objects.filter(article=article).delete()
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=article, author=_resolve(slug, authors, Author), position=position)
        for position, slug in enumerate(item.authors)
    )
    return True


# --- tags ----------------------------------------------------------------------


def current_tag_names(article):
    """Tag names in the order they were added (taggit keeps no other order)."""
    return list(
        TaggedItem.objects.filter(
            content_type__app_label="publications",
            content_type__model="article",
            object_id=article.pk,
        )
        .order_by("id")
        .values_list("tag__name", flat=True)
    )


def _tags_differ(article, item):
    if item.tags is None:
        return False
    current = [name.casefold() for name in current_tag_names(article)]
    return current != [name.casefold() for name in item.tags]


def _sync_tags(article, item, created):
    if item.tags is None or (not created and not _tags_differ(article, item)):
        return False
    article.tags.clear()
    for name in item.tags:  # one at a time: taggit's add() would lose the order
        article.tags.add(name)
    return True


# --- attachments ---------------------------------------------------------------


def _stored_key(attachment):
    """(title, original name, sha256) of a stored attachment; None if its file is gone."""
    try:
        with attachment.file.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
    except (FileNotFoundError, ValueError):
        return None
    return (attachment.title, attachment.original_name, digest)


def _match_attachments(article, item):
    """Pair wanted attachments with stored ones: ([(wanted, stored|None)], leftovers)."""
    stored = list(article.attachments.order_by("position", "id")) if article.pk else []
    keys = {a.pk: _stored_key(a) for a in stored}
    pairs = []
    for wanted in item.attachments:
        key = (wanted.title, wanted.original_name, wanted.digest)
        match = next((a for a in stored if keys[a.pk] == key), None)
        if match is not None:
            stored.remove(match)
        pairs.append((wanted, match))
    return pairs, stored


def _attachments_differ(article, item):
    if item.attachments is None:
        return False
    pairs, leftovers = _match_attachments(article, item)
    return bool(leftovers) or any(
        match is None or match.position != position for position, (_, match) in enumerate(pairs)
    )


def _count_attachments(article, item, report):
    if item.attachments is None:
        return
    if article is None:
        report.count("attachments", "created", len(item.attachments))
        return
    pairs, leftovers = _match_attachments(article, item)
    for _, match in pairs:
        report.count("attachments", "unchanged" if match else "created")
    report.count("attachments", "removed", len(leftovers))


def _sync_attachments(article, item, report, written):
    if item.attachments is None:
        return False
    pairs, leftovers = _match_attachments(article, item)
    changed = bool(leftovers)
    for stale in leftovers:
        name = stale.file.name
        stale.delete()
        transaction.on_commit(lambda name=name: _delete_files([name]))
        report.count("attachments", "removed")
    for position, (wanted, match) in enumerate(pairs):
        if match is not None:
            if match.position != position:
                match.position = position
                match.save(update_fields=["position"])
                changed = True
            report.count("attachments", "unchanged")
            continue
        attachment = Attachment(
            article=article,
            title=wanted.title,
            original_name=wanted.original_name,
            position=position,
        )
        with wanted.path.open("rb") as handle:
            # The model's upload_to generates the stored path; the name given
            # here only contributes its extension.
            attachment.file.save(wanted.original_name, File(handle), save=False)
        written.append(attachment.file.name)
        attachment.save()
        report.count("attachments", "created")
        changed = True
    return changed


# --- cover image -------------------------------------------------------------------


def _cover_digest(article):
    if not article.cover_image:
        return None
    try:
        with article.cover_image.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except (FileNotFoundError, ValueError):
        return None


def _cover_differs(article, item):
    if item.remove_cover:
        return bool(article.cover_image)
    return item.cover is not None and _cover_digest(article) != item.cover.digest


def _sync_cover(article, item, written):
    """Set, replace or remove the cover image; the replaced file goes once committed."""
    if not _cover_differs(article, item):
        return False
    old = article.cover_image.name if article.cover_image else None
    if item.remove_cover:
        article.cover_image = ""
    else:
        with item.cover.path.open("rb") as handle:
            # The model's upload_to generates the stored path (images/covers/...).
            article.cover_image.save(item.cover.original_name, File(handle), save=False)
        written.append(article.cover_image.name)
    article.save(update_fields=["cover_image", "updated_at"])
    if old:
        transaction.on_commit(lambda: _delete_files([old]))
    return True


def _delete_files(names):
    from django.core.files.storage import default_storage

    for name in names:
        if name:
            default_storage.delete(name)

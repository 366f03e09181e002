"""An article and its translation: linking two articles, starting a translation.

Translations are two articles with their own slugs, hits, attachments and
dates, sharing `translation_key` (at most one article per language).
"""

import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from . import languages
from .models import Article, ArticleAuthor, Attachment


class TranslationConflict(ValueError):
    pass


def link(article, translation):
    """Make `translation` the translation of `article` (saves both when needed).

    Raises TranslationConflict when they share a language, or when the other's
    group already has an article in this one's language.
    """
    if translation.language == article.language:
        raise TranslationConflict(_("A translation must be in the other language."))
    taken = translation.translations().filter(language=article.language).exclude(pk=article.pk)
    if taken.exists():
        raise TranslationConflict(
            _("“%(title)s” already has a translation in this language: “%(other)s”.")
            % {"title": translation.title, "other": taken.first().title}
        )
    key = translation.translation_key or article.translation_key or uuid.uuid4()
    for one in (article, translation):
        if one.translation_key != key:
            one.translation_key = key
            one.save(update_fields=["translation_key", "updated_at"])


def unlink(article):
    if article.translation_key:
        article.translation_key = None
        article.save(update_fields=["translation_key", "updated_at"])


@transaction.atomic
def start_translation(original):
    """A new draft in the other language, prefilled from `original` as a starting point.

    It keeps the series, authors (in order), tags and attachments (copied, so
    either article can change its files alone), and is linked to the original.
    Returns the draft and the titles of attachments whose file could not be
    read (they are left out). Raises TranslationConflict when the original
    already has one.
    """
    language = languages.other(original.language)
    if original.translations().filter(language=language).exists():
        raise TranslationConflict(_("This article already has a translation."))
    draft = Article(
        series=original.series,
        title=original.title,
        slug=_free_slug(original, language),
        summary=original.summary,
        body=original.body,
        language=language,
        status=Article.Status.DRAFT,
        published_at=original.published_at,
    )
    draft.save()
    for link_ in original.article_authors.all():
        ArticleAuthor.objects.create(
            article=draft, author_id=link_.author_id, position=link_.position
        )
    draft.tags.set(list(original.tags.all()))
    missing = [a.title for a in original.attachments.all() if not _copy_attachment(a, draft)]
    link(original, draft)
    return draft, missing


def _free_slug(original, language):
    base = f"{original.slug}-{language}"[:200]
    slug, n = base, 2
    while Article.objects.filter(series=original.series, slug=slug).exists():
        slug = f"{base[:195]}-{n}"
        n += 1
    return slug


def _copy_attachment(attachment, article):
    try:
        with attachment.file.open("rb") as source:
            content = ContentFile(source.read(), name=attachment.download_name)
    except OSError:  # the file is gone from storage: nothing to copy
        return False
    copy = Attachment(
        article=article,
        title=attachment.title,
        original_name=attachment.original_name,
        position=attachment.position,
    )
    copy.file.save(attachment.download_name, content, save=False)
    copy.save()
    return True

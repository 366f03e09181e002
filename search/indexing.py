"""Keeping the index in step with the content: one article at a time, or all.

Every article gets a document, drafts and scheduled ones included: what a
reader may see is decided when searching (Article.objects.published()), since
a scheduled article goes live by the clock, without any write.
"""

import logging

from django.db import router, transaction
from django.db.models import Prefetch

from publications.models import Article, ArticleAuthor, Attachment

from .backends import backend
from .language import article_language
from .models import AttachmentText, SearchDocument
from .text import file_text, html_to_text
from .tokenizer import tokenize

logger = logging.getLogger(__name__)


def articles_for_indexing(using):
    return Article.objects.using(using).prefetch_related(
        "tags",
        Prefetch("article_authors", ArticleAuthor.objects.select_related("author")),
        Prefetch("attachments", Attachment.objects.select_related("search_text")),
    )


def attachment_texts(article):
    texts = []
    for attachment in article.attachments.all():
        try:
            texts.append(attachment.search_text.text)
        except AttachmentText.DoesNotExist:
            continue
    return texts


def document_fields(article, body_text):
    """The tokens of each weighted field of an article."""
    extras = [tag.name for tag in article.tags.all()]
    # Authors are found by their name in either language.
    extras += [
        name
        for link in article.article_authors.all()
        for name in (link.author.name_ko, link.author.name_en)
        if name
    ]
    return {
        "title": tokenize(article.title),
        "summary": tokenize("\n".join([article.summary, *extras])),
        "body": tokenize(body_text),
        "attachments": tokenize("\n".join(attachment_texts(article))),
    }


def store(article, using):
    """Write the document of an article loaded by articles_for_indexing()."""
    body_text = html_to_text(article.body)
    fields = document_fields(article, body_text)
    with transaction.atomic(using=using):
        SearchDocument.objects.using(using).update_or_create(
            article_id=article.pk,
            defaults={"language": article_language(article), "body_text": body_text},
        )
        backend(using).write(article.pk, fields, using)


def index_article(article_id, using=None):
    """Bring the document of one article up to date (or remove it if it is gone)."""
    using = using or router.db_for_write(Article)
    article = articles_for_indexing(using).filter(pk=article_id).first()
    if article is None:
        remove_article(article_id, using)
    else:
        store(article, using)


def remove_article(article_id, using=None):
    using = using or router.db_for_write(Article)
    SearchDocument.objects.using(using).filter(article_id=article_id).delete()
    backend(using).delete(article_id, using)


def extract_attachment(attachment_id, using=None, reindex=True):
    """Extract the text of an attachment and re-index its article.

    A file that cannot be read is logged and indexed as empty: an editor's
    upload never fails because of search.
    """
    using = using or router.db_for_write(Attachment)
    attachment = Attachment.objects.using(using).filter(pk=attachment_id).first()
    if attachment is None:
        return None
    text = ""
    try:
        with attachment.file.open("rb") as handle:
            text = file_text(handle)
    except Exception:
        logger.warning("Cannot read the text of attachment %s", attachment_id, exc_info=True)
    AttachmentText.objects.using(using).update_or_create(
        attachment=attachment, defaults={"file_name": attachment.file.name, "text": text}
    )
    if reindex:
        index_article(attachment.article_id, using)
    return len(text)


def needs_extraction(attachment):
    try:
        return attachment.search_text.file_name != attachment.file.name
    except AttachmentText.DoesNotExist:
        return True

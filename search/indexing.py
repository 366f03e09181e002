"""Keeping the index in step with the content: one article at a time, or all.

Every article gets a document, drafts and scheduled ones included: what a
reader may see is decided when searching (Article.objects.published()), since
a scheduled article goes live by the clock, without any write.
"""

import logging

from django.db import router, transaction
from django.db.models import Prefetch

from publications.models import Article, ArticleAuthor, Attachment

from .backends import FIELDS, backend
from .cache import bump_index_generation
from .models import AttachmentText, SearchDocument
from .text import file_text, html_to_text
from .tokenizer import tokenize_many

logger = logging.getLogger(__name__)

BATCH = 50  # articles tokenised together (their texts are held in memory)


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


def _field_texts(article, body_text):
    extras = [tag.name for tag in article.tags.all()]
    # Authors are found by their name in either language.
    extras += [
        name
        for link in article.article_authors.all()
        for name in (link.author.name_ko, link.author.name_en)
        if name
    ]
    return [
        article.title,
        "\n".join([article.summary, *extras]),
        body_text,
        "\n".join(attachment_texts(article)),
    ]


def document_fields(article, body_text):
    """The tokens of each weighted field of an article."""
    return dict(zip(FIELDS, tokenize_many(_field_texts(article, body_text)), strict=True))


def store_many(articles, using):
    """Write the documents of articles loaded by articles_for_indexing(), tokenised together.

    A few statements for the whole batch, whatever its size: one upsert of the
    documents, then the backend's one write of their index entries.
    """
    bodies = [html_to_text(article.body) for article in articles]
    texts = [
        text for a, body in zip(articles, bodies, strict=True) for text in _field_texts(a, body)
    ]
    tokens = tokenize_many(texts)
    width = len(FIELDS)
    entries = {
        article.pk: dict(zip(FIELDS, tokens[number * width : (number + 1) * width], strict=True))
        for number, article in enumerate(articles)
    }
    documents = [
        SearchDocument(article_id=article.pk, language=article.language, body_text=body_text)
        for article, body_text in zip(articles, bodies, strict=True)
    ]
    with transaction.atomic(using=using):
        SearchDocument.objects.using(using).bulk_create(
            documents,
            update_conflicts=True,
            unique_fields=["article"],
            update_fields=["language", "body_text", "indexed_at"],
        )
        backend(using).write_many(entries, using)
    bump_index_generation()


def store(article, using):
    """Write the document of an article loaded by articles_for_indexing()."""
    store_many([article], using)


def index_article(article_id, using=None):
    """Bring the document of one article up to date (or remove it if it is gone)."""
    index_articles([article_id], using)


def index_articles(article_ids, using=None):
    """Bring the documents of these articles up to date (removing those of deleted ones)."""
    using = using or router.db_for_write(Article)
    ids = sorted(set(article_ids))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        articles = list(articles_for_indexing(using).filter(pk__in=chunk))
        for gone in set(chunk) - {article.pk for article in articles}:
            remove_article(gone, using)
        if articles:
            store_many(articles, using)


def refresh_facets(article_ids, using=None):
    """Copy what filters and facets read onto the documents of these articles, now.

    A single statement, no tokenising: the web process runs it as soon as an
    article changes, so a document never lists an unpublished article while its
    words wait for the Celery worker.
    """
    using = using or router.db_for_write(Article)
    backend(using).refresh(sorted(article_ids), using)
    bump_index_generation()


def remove_article(article_id, using=None):
    using = using or router.db_for_write(Article)
    SearchDocument.objects.using(using).filter(article_id=article_id).delete()
    backend(using).delete(article_id, using)
    bump_index_generation()


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

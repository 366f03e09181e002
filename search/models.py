from django.db import models
from django.utils.translation import gettext_lazy as _

from publications.models import Article, Attachment


class SearchDocument(models.Model):
    """What site search knows about one article, rebuilt on every change.

    The plain texts are kept for snippets. The ranked index itself lives
    beside this row, per database: a weighted `tsvector` column `vector`
    (GIN-indexed) on PostgreSQL, the FTS5 table `search_fts` on SQLite; both
    are created by migration 0001 and written by search.backends.
    """

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    language = models.CharField(_("language"), max_length=8, db_index=True)
    body_text = models.TextField(_("body text"), blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self):
        return str(self.article_id)


class AttachmentText(models.Model):
    """The text extracted from an attachment (PDF, DOCX); empty if unreadable."""

    attachment = models.OneToOneField(
        Attachment, on_delete=models.CASCADE, primary_key=True, related_name="search_text"
    )
    file_name = models.CharField(max_length=255)
    text = models.TextField(blank=True)
    extracted_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attachment text")
        verbose_name_plural = _("attachment texts")

    def __str__(self):
        return self.file_name

from django.db import models
from django.utils.translation import gettext_lazy as _

from publications.models import Article, Series


class Redirect(models.Model):
    """An old address that answers 301 with a new one, once nothing else answers it.

    The target is an article or a series (its address now, whatever it becomes)
    or a path on this site. Addresses an article or series had are kept
    without their language prefix and cover what lies below them (its
    attachments, PDF, feeds).
    """

    class Origin(models.TextChoices):
        MOVED = "moved", _("Article or series moved")
        MANUAL = "manual", _("Added by hand")
        IMPORTED = "imported", _("Imported")

    old_path = models.CharField(
        _("old address"),
        max_length=500,
        unique=True,
        help_text=_("A path on this site, with its query if it had one: /board/view.php?id=12"),
    )
    new_path = models.CharField(
        _("new address"),
        max_length=500,
        blank=True,
        help_text=_("A path on this site (/en/publications/...) or an address on it."),
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("article"),
    )
    series = models.ForeignKey(
        Series,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("series"),
    )
    include_subpaths = models.BooleanField(
        _("also the addresses below it"), default=False, editable=False
    )
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.MANUAL
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["old_path"]
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")

    def __str__(self):
        return f"{self.old_path} → {self.target_description()}"

    def target_description(self):
        if self.article_id:
            return self.article.get_absolute_url()
        if self.series_id:
            return self.series.get_absolute_url()
        return self.new_path

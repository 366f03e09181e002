import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from publications.fields import PlainCharField


def image_path(instance, filename):
    """Generated storage path under images/ (served at /media/images/).

    The extension comes from the content (processing.CleanImage), never from
    the uploader's file name, which reaches neither the path nor the disk.
    """
    extension = filename.rpartition(".")[2].lower()[:5]
    return f"images/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


def rendition_path(instance, filename):
    return f"images/renditions/{filename}"


class Image(models.Model):
    """An image of the library: the re-encoded original, its alt text and where it came from."""

    file = models.FileField(_("file"), upload_to=image_path, max_length=255, editable=False)
    alt_text = PlainCharField(
        _("alternative text"),
        max_length=400,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    title = PlainCharField(_("title"), max_length=200, blank=True)
    original_name = PlainCharField(_("original file name"), max_length=255, blank=True)
    content_type = models.CharField(_("type"), max_length=30, editable=False)
    width = models.PositiveIntegerField(_("width"), editable=False)
    height = models.PositiveIntegerField(_("height"), editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), editable=False)
    animated = models.BooleanField(_("animated"), default=False, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.title or self.original_name or self.file.name

    @property
    def url(self):
        """The address article bodies use: /media/images/..., whatever the storage."""
        return f"{settings.MEDIA_URL}{self.file.name}"


class Rendition(models.Model):
    """A resized copy of an image (one width, one format), made by the worker."""

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    width = models.PositiveIntegerField(_("width"))
    format = models.CharField(_("format"), max_length=10)  # "webp", "jpeg", "png"
    file = models.FileField(_("file"), upload_to=rendition_path, max_length=255)

    class Meta:
        ordering = ["format", "width"]
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        constraints = [
            models.UniqueConstraint(
                fields=["image", "width", "format"], name="image_rendition_once"
            ),
        ]

    def __str__(self):
        return f"{self.image} {self.width}w {self.format}"

    @property
    def url(self):
        return f"{settings.MEDIA_URL}{self.file.name}"

"""Article cover images: judged and re-encoded like every image, shown small in lists."""

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import format_html

from .processing import clean_image


def reencoded_upload(file, stem="cover"):
    """`file` as processing.clean_image leaves it, as an upload named by its content.

    Raises ValidationError (with the reason) for anything that is not an image we accept.
    """
    clean = clean_image(file)
    return SimpleUploadedFile(
        f"{stem}.{clean.extension}", clean.content, content_type=clean.content_type
    )


def cover_thumbnail(file, width=64):
    """A small <img> of a stored cover image (served by the /media/images/ route), or a dash."""
    if not file:
        return "—"
    return format_html(
        '<img src="{}" alt="" width="{}" loading="lazy" style="max-height:{}px;object-fit:cover">',
        f"{settings.MEDIA_URL}{file.name}",
        width,
        width,
    )

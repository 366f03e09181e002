"""Storing and replacing library images; the web process's half of renditions."""

import logging

from django.core.files.base import ContentFile
from django.db import transaction

from . import usage
from .models import Image

logger = logging.getLogger(__name__)


def store_image(clean, *, original_name="", alt_text="", user=None, image=None):
    """Save a re-encoded image (processing.CleanImage) to the library; renditions follow.

    `image` is a new, unsaved Image whose title and alt text a form filled in.
    """
    image = image if image is not None else Image()
    image.original_name = (original_name or "")[:255]
    image.title = image.title or _title_from(original_name)
    image.alt_text = image.alt_text or alt_text or ""
    image.uploaded_by = user if user is not None and user.is_authenticated else None
    _set_content(image, clean)
    image.save()
    schedule_renditions(image)
    return image


@transaction.atomic
def replace_image(image, clean, *, original_name=""):
    """Put a new file in place of `image`'s, in every article that shows it.

    The new file gets a new address (browsers and caches never see a stale
    copy); article bodies naming the old one are rewritten through
    Article.save, so they are sanitised, and announced, like any edit. The
    old file stays in storage: older revisions of an article may still name it.
    Returns the articles that were rewritten.
    """
    old_url = image.url
    image.renditions.all().delete()
    _set_content(image, clean)
    if original_name:
        image.original_name = original_name[:255]
    image.save()
    rewritten = usage.rewrite_bodies(old_url, image.url)
    schedule_renditions(image)
    return rewritten


def delete_images(images):
    """Delete library images and, once that commits, their files and renditions."""
    names = []
    for image in images:
        names += [image.file.name] + [r.file.name for r in image.renditions.all()]
        storage = image.file.storage
        image.delete()
    if names:
        transaction.on_commit(lambda: _delete_files(storage, names))


def _delete_files(storage, names):
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not delete image file %s", name, exc_info=True)


def _set_content(image, clean):
    image.file.save(f"upload.{clean.extension}", ContentFile(clean.content), save=False)
    image.content_type = clean.content_type
    image.width, image.height = clean.width, clean.height
    image.size = len(clean.content)
    image.animated = clean.frames > 1


def _title_from(original_name):
    stem = (original_name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rpartition(".")
    return (stem[0] or stem[2])[:200]


def schedule_renditions(image):
    """Have the worker make `image`'s renditions once the transaction commits."""
    from .tasks import make_renditions

    def enqueue():
        try:
            make_renditions.delay(image.pk)
        except Exception:
            # Pages show the original until renditions exist; nothing is lost.
            logger.exception("Could not enqueue the renditions of image %s", image.pk)

    transaction.on_commit(enqueue)

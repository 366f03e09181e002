"""Responsive renditions of library images: a few widths, in WebP and the original's format.

Made by the worker (tasks.make_renditions) after an upload or a replacement;
the original is never changed. Each rendition is a file under
images/renditions/ (served by the /media/images/ route like any image) and a
row, the cache of what exists, read by render.responsive_images. Animated
images are kept as they are.
"""

import io
import posixpath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from PIL import Image as PILImage

from publications.signals import articles_written

from . import usage
from .models import Rendition

ENCODINGS = {
    "webp": ("WEBP", "webp", {"quality": 80, "method": 4}),
    "jpeg": ("JPEG", "jpg", {"quality": 82, "optimize": True, "progressive": True}),
    "png": ("PNG", "png", {"optimize": True}),
}
OWN_FORMAT = {"image/jpeg": "jpeg", "image/png": "png"}


def widths_for(image):
    """The rendition widths of `image`: the configured ones narrower than it."""
    return sorted({w for w in settings.IMAGE_RENDITION_WIDTHS if 0 < w < image.width})


def planned(image):
    """[(width, format)] every rendition `image` should have."""
    if image.animated:
        return []
    widths = widths_for(image)
    plan = [(width, "webp") for width in widths]
    if image.content_type != "image/webp":
        plan.append((image.width, "webp"))  # the full size, smaller as WebP
    own = OWN_FORMAT.get(image.content_type)
    if own:
        plan += [(width, own) for width in widths]
    return plan


def make_renditions(image):
    """Make the renditions `image` lacks; announce the articles showing it. Returns those made."""
    existing = set(image.renditions.values_list("width", "format"))
    plan = [item for item in planned(image) if item not in existing]
    if not plan:
        return []
    with image.file.open("rb") as handle, PILImage.open(handle) as source:
        source.load()
        made = [_make(image, source, width, kind) for width, kind in plan]
    made = [rendition for rendition in made if rendition is not None]
    if made:
        # Cached pages were rendered without these: have them rendered again.
        articles_written(usage.article_ids_using(image))
    return made


def _make(image, source, width, kind):
    pillow_format, extension, options = ENCODINGS[kind]
    picture = source
    if width < source.width:
        height = max(1, round(source.height * width / source.width))
        picture = source.resize((width, height), PILImage.Resampling.LANCZOS)
    if pillow_format == "JPEG" and picture.mode not in {"L", "RGB"}:
        picture = picture.convert("RGB")
    elif picture.mode not in {"L", "LA", "RGB", "RGBA"}:
        picture = picture.convert("RGBA" if "transparency" in picture.info else "RGB")
    out = io.BytesIO()
    picture.save(out, pillow_format, **options)
    stem = posixpath.splitext(posixpath.basename(image.file.name))[0]
    rendition = Rendition(image=image, width=width, format=kind)
    rendition.file.save(f"{stem}-{width}w.{extension}", ContentFile(out.getvalue()), save=False)
    try:
        with transaction.atomic():
            rendition.save()
    except IntegrityError:  # another worker made it first
        rendition.file.delete(save=False)
        return None
    return rendition

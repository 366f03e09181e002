"""What an uploaded image becomes before it is stored: judged by content, re-encoded.

Only JPEG, PNG, WebP and GIF are accepted, whatever the file is called, and
never as sent: the pixels are decoded and written into a new file of the
same format. Anything else the upload carried (EXIF with its GPS position,
XMP, comments, text chunks, colour profiles, bytes after the end, a script
hiding in a polyglot) is left behind. Images declaring more pixels than
IMAGE_MAX_PIXELS are refused before they are decoded (decompression bombs),
files over IMAGE_MAX_BYTES before they are read.
"""

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

# Pillow's format name -> (file extension, MIME type).
FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
    "GIF": ("gif", "image/gif"),
}
MAX_FRAMES = 300
# Frame data worth keeping (timing, looping, transparency); nothing else of info survives.
KEPT_INFO = {"duration", "loop", "transparency", "background", "disposal"}
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError)


@dataclass(frozen=True)
class CleanImage:
    """A re-encoded image, ready to store."""

    content: bytes
    format: str  # Pillow's name: JPEG, PNG, WEBP, GIF
    width: int
    height: int
    frames: int = 1

    @property
    def extension(self):
        return FORMATS[self.format][0]

    @property
    def content_type(self):
        return FORMATS[self.format][1]


def accepted_types():
    return "JPEG, PNG, WebP, GIF"


def clean_image(file):
    """Return the upload `file` as a CleanImage, or raise ValidationError saying why not."""
    limit = settings.IMAGE_MAX_BYTES
    size = getattr(file, "size", None)
    if size is None or size > limit:
        raise ValidationError(
            _("The image is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size or 0), "limit": filesizeformat(limit)},
            code="too_large",
        )
    file.seek(0)
    with warnings.catch_warnings():
        # Pillow warns between its own limit and twice it (and refuses above);
        # our own limit, checked before decoding, is the one that counts.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            source = Image.open(file, formats=list(FORMATS))
        except UnidentifiedImageError:
            raise _not_an_image() from None
        except Image.DecompressionBombError:
            raise _too_many_pixels() from None
        except DECODE_ERRORS:
            raise _damaged() from None
        with source:
            _check_dimensions(source)
            try:
                return _reencode(source)
            except DECODE_ERRORS:
                raise _damaged() from None
            finally:
                file.seek(0)


def _check_dimensions(image):
    """Refuse by the header alone, before a single pixel is decoded."""
    width, height = image.size
    frames = getattr(image, "n_frames", 1)
    if width < 1 or height < 1:
        raise _damaged()
    if width * height * min(frames, MAX_FRAMES) > settings.IMAGE_MAX_PIXELS or frames > MAX_FRAMES:
        raise _too_many_pixels(f"{width:,} × {height:,}", frames)


def _reencode(source):
    kind = source.format
    frames = getattr(source, "n_frames", 1)
    out = io.BytesIO()
    if frames > 1 and kind in {"GIF", "WEBP"}:
        pictures = [_pixels_only(frame.copy(), kind) for frame in ImageSequence.Iterator(source)]
        first = pictures[0]
        first.save(
            out, kind, save_all=True, append_images=pictures[1:], **_save_options(source, kind)
        )
    else:
        first = _pixels_only(ImageOps.exif_transpose(source) or source, kind)
        first.save(out, kind, **_save_options(source, kind))
    return CleanImage(out.getvalue(), kind, first.width, first.height, frames)


def _pixels_only(image, kind):
    """The image's pixels (and palette) in a mode `kind` can store, with no metadata."""
    image.load()
    if kind == "JPEG" and image.mode not in {"L", "RGB"}:
        image = image.convert("RGB")
    elif kind == "WEBP" and image.mode not in {"RGB", "RGBA"}:
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    elif kind == "PNG" and image.mode not in {"1", "L", "LA", "P", "RGB", "RGBA"}:
        image = image.convert("RGBA")
    clean = image.copy()
    clean.info = {key: value for key, value in image.info.items() if key in KEPT_INFO}
    return clean


def _save_options(source, kind):
    if kind == "JPEG":
        return {"quality": 85, "optimize": True, "progressive": True}
    if kind == "WEBP":
        return {"quality": 82, "method": 4, **_timing(source)}
    if kind == "GIF":
        return {"optimize": False, **_timing(source)}
    return {}


def _timing(source):
    keep = {key: source.info[key] for key in ("duration", "loop") if key in source.info}
    return keep


def _too_many_pixels(dimensions=None, frames=1):
    limit = f"{settings.IMAGE_MAX_PIXELS / 1_000_000:g}"
    if dimensions is None:
        message = _(
            "The image declares more pixels than the %(limit)s megapixels we accept; "
            "it may be a decompression bomb. Make it smaller and upload it again."
        ) % {"limit": limit}
    else:
        message = _(
            "The image declares %(dimensions)s pixels in %(frames)s frame(s), more than the "
            "%(limit)s megapixels we accept; it may be a decompression bomb. "
            "Make it smaller and upload it again."
        ) % {"dimensions": dimensions, "frames": frames, "limit": limit}
    return ValidationError(message, code="too_many_pixels")


def _not_an_image():
    return ValidationError(
        _("This file is not an image we accept (%(types)s), whatever its name says.")
        % {"types": accepted_types()},
        code="not_an_image",
    )


def _damaged():
    return ValidationError(
        _("This image could not be read; it may be damaged. Save it again and upload it."),
        code="damaged",
    )

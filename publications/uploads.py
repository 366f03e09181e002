"""Which attachment files we accept: by name *and* by content, within a size limit."""

import zipfile
import zlib
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # HWP 5 is an OLE compound file


# An office document is a zip archive. Its checks read the central directory
# and at most a few bytes of one entry, never a whole entry: a small file can
# declare gigabytes inside (a zip bomb). Archives that declare more than this,
# or more entries than this, are refused before anything is inflated.
ARCHIVE_MAX_ENTRIES = 10_000
ARCHIVE_MAX_UNCOMPRESSED = 256 * 1024 * 1024
MIMETYPE_BYTES = 64


class ArchiveTooLarge(Exception):
    """The archive declares more content than any document we accept holds."""


def _open_archive(file):
    """A ZipFile whose declared contents are within the limits; None if not a zip.

    Raises ArchiveTooLarge when it declares too many entries or too many bytes.
    """
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    entries = archive.infolist()
    if len(entries) > ARCHIVE_MAX_ENTRIES or (
        sum(entry.file_size for entry in entries) > ARCHIVE_MAX_UNCOMPRESSED
    ):
        archive.close()
        raise ArchiveTooLarge
    return archive


def _zip_has(*required):
    def check(file, head):
        if not head.startswith(b"PK\x03\x04"):
            return False
        archive = _open_archive(file)
        if archive is None:
            return False
        with archive:
            names = archive.namelist()
        return all(any(n == r or n.startswith(r) for n in names) for r in required)

    return check


def _is_hwpx(file, head):
    if not head.startswith(b"PK\x03\x04"):
        return False
    archive = _open_archive(file)
    if archive is None:
        return False
    try:
        with archive, archive.open("mimetype") as entry:
            mimetype = entry.read(MIMETYPE_BYTES)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, zlib.error):
        return False
    return mimetype.startswith(b"application/hwp")


SIGNATURES = {
    "pdf": lambda file, head: head.startswith(b"%PDF-"),
    "hwp": lambda file, head: head.startswith(OLE_MAGIC),
    "hwpx": _is_hwpx,
    "docx": _zip_has("[Content_Types].xml", "word/"),
    "xlsx": _zip_has("[Content_Types].xml", "xl/"),
    "pptx": _zip_has("[Content_Types].xml", "ppt/"),
}
ALLOWED_EXTENSIONS = sorted(SIGNATURES)


def validate_attachment(file):
    """Raise ValidationError unless `file` is an allowed type, truly, and small enough."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    extension = PurePath(file.name or "").suffix.lower().lstrip(".")
    if extension not in SIGNATURES:
        raise ValidationError(
            _("Only these file types can be attached: %(types)s.")
            % {"types": ", ".join(e.upper() for e in ALLOWED_EXTENSIONS)},
            code="bad_extension",
        )
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    try:
        matches = SIGNATURES[extension](file, head)
    except ArchiveTooLarge:
        raise ValidationError(
            _(
                "The file declares more content than a document can hold "
                "(over %(size)s or %(entries)s parts inside); it may be a zip bomb."
            )
            % {
                "size": filesizeformat(ARCHIVE_MAX_UNCOMPRESSED),
                "entries": f"{ARCHIVE_MAX_ENTRIES:,}",
            },
            code="archive_too_large",
        ) from None
    finally:
        file.seek(0)
    if not matches:
        raise ValidationError(
            _("The file's content is not a %(type)s document.") % {"type": extension.upper()},
            code="bad_content",
        )

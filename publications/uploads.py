"""Which attachment files we accept: by name *and* by content, within a size limit."""

import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # HWP 5 is an OLE compound file


def _zip_names(file):
    try:
        with zipfile.ZipFile(file) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()


def _zip_has(*required):
    def check(file, head):
        if not head.startswith(b"PK\x03\x04"):
            return False
        names = _zip_names(file)
        return all(any(n == r or n.startswith(r) for n in names) for r in required)

    return check


def _is_hwpx(file, head):
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(file) as archive:
            mimetype = archive.read("mimetype")[:64]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
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
    finally:
        file.seek(0)
    if not matches:
        raise ValidationError(
            _("The file's content is not a %(type)s document.") % {"type": extension.upper()},
            code="bad_content",
        )

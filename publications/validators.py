"""Rules for what stored text, dates, counts and slugs may be, shared by admin, importer and model.

Each rule lives here once; the model fields (publications/fields.py), the
admin forms and the importer (publications/exchange/) all call these.
"""

import datetime
import hashlib
import re
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

# C0 and C1 control characters, DEL, lone surrogates and the two non-characters
# XML 1.0 refuses: none can be written into a feed, a sitemap or PostgreSQL text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Characters that mean "line break" (Word's soft break is \x0b, Excel's \x0c).
_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_ONE_LINE = re.compile("[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")


def clean_text(value, multiline=True):
    """`value` without control characters: line breaks kept as "\\n" (or a space on one line).

    Tab and newline stay in multi-line text; everything else in C0/C1 goes.
    Anything but a string is returned as it is.
    """
    if not isinstance(value, str):
        return value
    value = _BREAKS.sub("\n", value) if multiline else _ONE_LINE.sub(" ", value)
    return _CONTROL.sub("", value)


# --- Dates ------------------------------------------------------------------------

EARLIEST_PUBLICATION = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
LATEST_PUBLICATION = datetime.datetime(2200, 1, 1, tzinfo=datetime.UTC)


def publication_date_problem(value):
    """Why `value` cannot be a publication date, or None when it can.

    The window (1900..2200 UTC) keeps every date convertible to any time zone,
    so no page, feed or export can overflow on it.
    """
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value, timezone.get_default_timezone())
        in_utc = value.astimezone(datetime.UTC)
    except (OverflowError, ValueError):
        in_utc = None
    if in_utc is None or not EARLIEST_PUBLICATION <= in_utc < LATEST_PUBLICATION:
        return _("Publication dates must lie between %(first)s and %(last)s (UTC).") % {
            "first": EARLIEST_PUBLICATION.date().isoformat(),
            "last": LATEST_PUBLICATION.date().isoformat(),
        }
    return None


def validate_publication_date(value):
    problem = publication_date_problem(value)
    if problem:
        raise ValidationError(problem, code="date_out_of_range")


# --- Counts -----------------------------------------------------------------------

# Hits and downloads are 64-bit columns; an import may set at most this much,
# which leaves them room to count for ever.
MAX_IMPORTED_COUNT = 10**12


# --- Slugs ------------------------------------------------------------------------

# `/publications/<series>/feed/` is the series feed: an article cannot have it.
RESERVED_ARTICLE_SLUGS = frozenset({"feed"})


def reserved_slug_problem(slug):
    if slug in RESERVED_ARTICLE_SLUGS:
        message = _('"%(slug)s" is reserved (the address of the series feed); choose another.')
        return message % {"slug": slug}
    return None


def validate_article_slug(slug):
    problem = reserved_slug_problem(slug)
    if problem:
        raise ValidationError(problem, code="reserved_slug")


def article_slug(title, max_length=200):
    """A URL slug from a title that keeps Korean (and any) letters, never a reserved one."""
    slug = slugify(title, allow_unicode=True)[:max_length].strip("-") or "untitled"
    if slug in RESERVED_ARTICLE_SLUGS:
        slug = f"{slug}-article"
    return slug


_USABLE_SLUG = re.compile(r"[-\w]+")


def tag_slug(name):
    """A slug for a tag name that is never empty.

    A name with no letter or digit (an emoji, "#", "!!!") has no slugify()
    result; it gets `tag-` and a digest of the name, stable across runs.
    """
    slug = slugify(name, allow_unicode=True)[:100].strip("-_")
    if slug and _USABLE_SLUG.fullmatch(slug):
        return slug
    return "tag-" + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:10]


def has_usable_slug(slug):
    return bool(slug) and _USABLE_SLUG.fullmatch(slug) is not None


# --- Citation fields ----------------------------------------------------------------

# A DOI is "10.<registrant>/<suffix>" (ISO 26324); readers paste it with or
# without the resolver in front, which the field does not store.
_DOI = re.compile(r"10\.\d{4,9}/\S+")
DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:")


def normalize_doi(value):
    """The bare DOI ("10.1234/abc") from a pasted one ("https://doi.org/10.1234/abc")."""
    value = (value or "").strip()
    for prefix in DOI_PREFIXES:
        if value.lower().startswith(prefix):
            return value[len(prefix) :].strip()
    return value


def doi_problem(value):
    if value and not _DOI.fullmatch(value):
        return _("Not a DOI: %(doi)s (expected 10.NNNN/suffix).") % {"doi": value[:60]}
    return None


def validate_doi(value):
    problem = doi_problem(value)
    if problem:
        raise ValidationError(problem, code="bad_doi")


COVER_IMAGE_EXTENSIONS = ("jpg", "jpeg", "png", "webp")
COVER_IMAGE_MAX_BYTES = 5 * 1024 * 1024


def cover_image_problem(file):
    """Why `file` cannot be a cover image, or None (its content is checked by ImageField)."""
    extension = PurePath(file.name or "").suffix.lower().lstrip(".")
    if extension not in COVER_IMAGE_EXTENSIONS:
        return _("A cover image must be one of: %(types)s.") % {
            "types": ", ".join(e.upper() for e in COVER_IMAGE_EXTENSIONS)
        }
    if file.size > COVER_IMAGE_MAX_BYTES:
        return _("A cover image may be at most %(mb)d MB.") % {
            "mb": COVER_IMAGE_MAX_BYTES // (1024 * 1024)
        }
    return None


def validate_cover_image(file):
    problem = cover_image_problem(file)
    if problem:
        raise ValidationError(problem, code="bad_cover_image")

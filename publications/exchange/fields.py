"""Checks for single values of an exchange file; each reports problems by place."""

import datetime
import hashlib
import json
import zoneinfo
from pathlib import Path, PurePosixPath, PureWindowsPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import validate_unicode_slug
from django.utils import timezone
from PIL import Image

from ..uploads import validate_attachment
from ..validators import (
    MAX_IMPORTED_COUNT,
    clean_text,
    cover_image_problem,
    publication_date_problem,
)


class Place(str):
    """Where a value sits in the file: `articles[3].attachments[0].file`."""

    def __new__(cls, key, index=None):
        return super().__new__(cls, key if index is None else f"{key}[{index}]")

    def at(self, key):
        return Place(f"{self}.{key}" if self else key)

    def item(self, index):
        return Place(f"{self}[{index}]")


def _shown(value):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def check_keys(data, place, allowed, problems):
    """Unknown keys are errors: a misspelt `body_htm` must not import an empty body."""
    for key in data:
        if key not in allowed:
            problems.add(place.at(key), "unknown field")


def string(value, place, problems, max_length=None, blank=True, multiline=True):
    """A string (None reports "required"); returns it or None.

    Control characters are cleaned as the model stores them
    (validators.clean_text; `multiline=False` for one-line fields), so the
    plan holds the values that will be stored. A NUL is refused outright.
    """
    if value is None:
        problems.add(place, "required" if not blank else "expected a string, got null")
        return None
    if not isinstance(value, str):
        problems.add(place, f"expected a string, got {_shown(value)}")
        return None
    if "\x00" in value:  # PostgreSQL text cannot hold it
        problems.add(place, "contains a NUL character")
        return None
    value = clean_text(value, multiline=multiline)
    if not blank and not value.strip():
        problems.add(place, "must not be empty")
        return None
    if max_length is not None and len(value) > max_length:
        problems.add(place, f"too long ({len(value)} characters, at most {max_length})")
        return None
    return value


def in_languages(
    value,
    place,
    problems,
    languages,
    max_length=None,
    required=False,
    multiline=True,
    by_language=True,
):
    """A text given in every language at once, or per language: {code: text} or None.

    A string is the same text in every language. With `by_language` (format
    version 2) an object keyed by language code gives each language its own
    text; a language it leaves out gets an empty one. `required`: at least
    one language must have a non-empty text.
    """
    if isinstance(value, dict) and by_language:
        result = {}
        for code, text in value.items():
            if code not in languages:
                expected = " or ".join(f'"{c}"' for c in languages)
                problems.add(place.at(code), f"unknown language (expected {expected})")
                continue
            checked = string(text, place.at(code), problems, max_length, multiline=multiline)
            if checked is not None:
                result[code] = checked
        if len(result) != len(value):
            return None
        if required and not any(text.strip() for text in result.values()):
            problems.add(place, "required in at least one language")
            return None
        return {code: result.get(code, "") for code in languages}
    if value is not None and not isinstance(value, str):
        kind = "a string or an object keyed by language code" if by_language else "a string"
        problems.add(place, f"expected {kind}, got {_shown(value)}")
        return None
    text = string(value, place, problems, max_length, blank=not required, multiline=multiline)
    if text is None:
        return None
    return dict.fromkeys(languages, text)


def integer(value, place, problems, maximum=MAX_IMPORTED_COUNT):
    """A non-negative integer; booleans, strings and floats are refused."""
    if isinstance(value, bool) or not isinstance(value, int):
        problems.add(place, f"expected a non-negative integer, got {_shown(value)}")
        return None
    if value < 0:
        problems.add(place, f"must not be negative, got {value}")
        return None
    if value > maximum:
        problems.add(place, f"too large ({value}, at most {maximum})")
        return None
    return value


def string_list(value, place, problems, max_length=None, slugs=False):
    """A list of distinct non-empty strings (tags compare case-insensitively)."""
    if not isinstance(value, list):
        problems.add(place, f"expected a list of strings, got {_shown(value)}")
        return None
    result, seen = [], {}
    for index, item in enumerate(value):
        here = place.item(index)
        text = string(item, here, problems, max_length=max_length, blank=False, multiline=False)
        if text is None:
            continue
        if slugs:
            try:
                validate_unicode_slug(text)
            except ValidationError:
                problems.add(here, f"not a valid slug: {_shown(text)}")
                continue
        key = text if slugs else text.casefold()
        if key in seen:
            problems.add(here, f"duplicate {_shown(text)}, also {seen[key]}")
            continue
        seen[key] = here
        result.append(text)
    return result


def published_at(value, place, problems):
    """ISO 8601 date (midnight in settings.TIME_ZONE) or date-time -> aware datetime."""
    parsed = None
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                parsed = datetime.datetime.combine(
                    datetime.date.fromisoformat(text), datetime.time()
                )
            else:
                parsed = datetime.datetime.fromisoformat(text)
        except ValueError:
            parsed = None
    if parsed is None:
        problems.add(place, f"not a date: {_shown(value)}")
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, zoneinfo.ZoneInfo(settings.TIME_ZONE))
    problem = publication_date_problem(parsed)
    if problem:
        problems.add(place, f"{problem} Got {_shown(value)}.")
        return None
    return parsed


def _unsafe_path(raw):
    """Why `raw` may not be used as a path relative to the file's folder, or None."""
    posix, windows = PurePosixPath(raw), PureWindowsPath(raw)
    if posix.is_absolute() or windows.is_absolute() or windows.drive or windows.root:
        return "absolute paths are not allowed; give a path relative to the JSON file's folder"
    if ".." in posix.parts or ".." in windows.parts:
        return "path leaves the JSON file's folder (..)"
    if "\x00" in raw:
        return "path contains a NUL character"
    return None


def attachment_file(value, place, base, problems):
    """Check an attachment path and its content; return AttachmentItem fields or None."""
    found = _file_in_folder(value, place, base, problems)
    if found is None:
        return None
    resolved, relative = found
    return _checked_content(resolved, relative.name, place, problems)


def image_file(value, place, base, problems):
    """Check a cover image path and its content (as the admin's ImageField would).

    Returns {"path", "original_name", "digest"} or None.
    """
    found = _file_in_folder(value, place, base, problems)
    if found is None:
        return None
    resolved, relative = found
    try:
        with resolved.open("rb") as handle:
            problem = cover_image_problem(File(handle, name=relative.name))
            if problem is None:
                try:
                    with Image.open(handle) as image:
                        image.verify()
                except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
                    problem = "not an image Pillow can read"
            if problem is not None:
                problems.add(place, str(problem))
                return None
            handle.seek(0)
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError as exc:
        problems.add(place, f"cannot be read ({exc.strerror})")
        return None
    return {"path": resolved, "original_name": relative.name, "digest": digest}


def _file_in_folder(value, place, base, problems):
    """(resolved path, relative path) of a regular file inside the JSON file's folder, or None."""
    raw = string(value, place, problems, blank=False)
    if raw is None:
        return None
    reason = _unsafe_path(raw)
    if reason:
        problems.add(place, reason)
        return None
    relative = PurePosixPath(raw)
    try:
        resolved = (base / relative).resolve(strict=True)
    except FileNotFoundError:
        problems.add(place, f"no such file: {raw}")
        return None
    except (OSError, RuntimeError) as exc:
        problems.add(place, f"cannot be read: {raw} ({exc})")
        return None
    if not resolved.is_relative_to(base.resolve()):
        problems.add(place, "path leaves the JSON file's folder (through a symbolic link)")
        return None
    if not resolved.is_file():
        problems.add(place, f"not a regular file: {raw}")
        return None
    return resolved, relative


def _checked_content(path: Path, name, place, problems):
    """Same rules as the admin upload (type by content, size limit), plus a digest."""
    try:
        with path.open("rb") as handle:
            upload = File(handle, name=name)
            try:
                validate_attachment(upload)
            except ValidationError as exc:
                for message in exc.messages:
                    problems.add(place, message)
                return None
            handle.seek(0)
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
            size = path.stat().st_size
    except OSError as exc:
        problems.add(place, f"cannot be read ({exc.strerror})")
        return None
    return {"path": path, "original_name": name, "size": size, "digest": digest}

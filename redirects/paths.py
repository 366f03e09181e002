"""Addresses as redirects compare them: decoded paths, with or without a language prefix."""

from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

MAX_HOPS = 20


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def split_language(path):
    """("ko", "/publications/...") for "/ko/publications/...", (None, path) without a prefix."""
    first, _, rest = path.lstrip("/").partition("/")
    if first in language_codes() and path.startswith(f"/{first}/"):
        return first, "/" + rest
    return None, path


def candidates(path, query=""):
    """Stored old paths that may answer `path`, best first: [(old_path, remainder)].

    The exact path with its query, then without it, then the same without a
    language prefix, each also with its trailing slash toggled; then every
    parent directory, whose redirect answers only if it covers subpaths
    (remainder is what lies below it).
    """
    _language, neutral = split_language(path)
    found = []
    for base in dict.fromkeys([path, neutral]):
        if query:
            found.append((f"{base}?{query}", ""))
        found.append((base, ""))
        found.append((base[:-1] if base.endswith("/") else base + "/", ""))
    for base in dict.fromkeys([path, neutral]):
        parts = base.rstrip("/").split("/")
        for end in range(len(parts) - 1, 1, -1):
            parent = "/".join(parts[:end]) + "/"
            found.append((parent, base[len(parent) :]))
    return [(old, rest) for old, rest in dict.fromkeys(found) if old not in ("", "/")]


def clean_old_path(value):
    """An old address as stored: a decoded path (and query) on this site."""
    value = (value or "").strip()
    parts = urlsplit(value)
    path = unquote(parts.path)
    if not path.startswith("/") or path.startswith("//") or _has_bad_characters(value):
        raise ValidationError(
            _("An old address is a path on this site starting with /, like /board/view.php?id=12."),
            code="bad_old_path",
        )
    if path in ("/",) or path.startswith(("/admin/", "/static/")):
        raise ValidationError(_("That address cannot be redirected."), code="reserved_old_path")
    return path + (f"?{parts.query}" if parts.query else "")


def clean_target(value):
    """A new address as stored: a path on this site. Another host is refused."""
    value = (value or "").strip()
    parts = urlsplit(value)
    site = urlsplit(settings.SITE_URL)
    if parts.scheme or parts.netloc:
        if (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
            raise ValidationError(
                _("A redirect may only lead to an address on this site (%(site)s).")
                % {"site": settings.SITE_URL},
                code="foreign_host",
            )
        value = value[len(f"{parts.scheme}://{parts.netloc}") :] or "/"
    if (
        not value.startswith("/")
        or value.startswith(("//", "/\\"))
        or _has_bad_characters(value)
        or not url_has_allowed_host_and_scheme(value, allowed_hosts=None)
    ):
        raise ValidationError(
            _("A new address is a path on this site starting with a single /."),
            code="foreign_host",
        )
    return value


def _has_bad_characters(value):
    return any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in value) or "\\" in value


def answers_for(address):
    """The stored old paths that a request for `address` (path?query#fragment) would match."""
    path, _, query = address.split("#")[0].partition("?")
    return {old for old, rest in candidates(unquote(path), query) if not rest}


def check_no_loop(old_path, target, lookup):
    """Raise ValidationError if following `target` through redirects comes back to `old_path`.

    `lookup(address)` gives the target a stored redirect would send `address`
    to, or None; a request that reaches `old_path` again is a loop.
    """
    current, visited = target, set()
    for _hop in range(MAX_HOPS):
        if old_path in answers_for(current) or current in visited:
            raise ValidationError(
                _("This redirect would make a loop: %(path)s leads back to %(old)s.")
                % {"path": target, "old": old_path},
                code="loop",
            )
        visited.add(current)
        current = lookup(current)
        if current is None:
            return
    raise ValidationError(
        _("This redirect would start a chain of more than %(n)d redirects.") % {"n": MAX_HOPS},
        code="too_many_hops",
    )

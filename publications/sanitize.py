"""The one place that decides which HTML an article body may contain.

Bodies come from CKEditor, imports and migrations; none of them is trusted.
Everything passes through nh3 (Rust's ammonia) with an allowlist: structure,
emphasis, tables, links with safe schemes and images from our own media
(their src, and every address of a srcset, under MEDIA_URL/images/; the
<picture> and <source> that images/render.py makes of them on output).
Nothing executable, no inline style, no embedded frames survives.
"""

import posixpath
import re
from urllib.parse import unquote, urlsplit

import nh3
from django.conf import settings

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li", "blockquote",
    "strong", "b", "em", "i", "u", "s", "sub", "sup", "small", "mark", "cite", "q",
    "a", "img", "figure", "figcaption", "picture", "source",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "srcset", "sizes", "alt", "title", "width", "height", "loading", "decoding"},
    "source": {"srcset", "sizes", "type"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
IMAGE_TYPES = {"image/webp", "image/jpeg", "image/png", "image/gif", "image/avif"}
KEYWORDS = {"loading": {"lazy", "eager"}, "decoding": {"async", "auto", "sync"}}
SRCSET_DESCRIPTOR = re.compile(r"\d{1,5}w|\d{1,2}(\.\d{1,2})?x")
# Media conditions and lengths only: "(max-width: 960px) 100vw, 960px".
SIZES = re.compile(r"[a-z0-9 ().,:%-]{1,200}")


def _is_own_media(src):
    """Images may only come from our public media images, by relative or absolute URL."""
    parts = urlsplit(src)
    site = urlsplit(settings.SITE_URL)
    is_absolute = bool(parts.scheme or parts.netloc)
    if is_absolute and (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
        return False
    # Judge the path as the browser will resolve it: %2e%2e is "..", too.
    path = unquote(parts.path)
    if "\\" in path or posixpath.normpath(path) != path.rstrip("/"):
        return False
    return path.startswith(f"{settings.MEDIA_URL}images/")


def _is_own_srcset(value):
    """Every candidate of a srcset is one of our images with a width or density."""
    candidates = [c.strip() for c in value.split(",")]
    for candidate in candidates:
        url, _, descriptor = candidate.partition(" ")
        descriptor = descriptor.strip()
        if not url or not _is_own_media(url):
            return False
        if descriptor and not SRCSET_DESCRIPTOR.fullmatch(descriptor):
            return False
    return bool(candidates)


def _filter_attribute(element, attribute, value):
    if element == "img" and attribute == "src":
        return value if _is_own_media(value) else None
    if attribute == "srcset":
        return value if _is_own_srcset(value) else None
    if attribute == "sizes":
        return value if SIZES.fullmatch(value) else None
    if attribute == "type":
        return value if value in IMAGE_TYPES else None
    if attribute in KEYWORDS:
        return value if value in KEYWORDS[attribute] else None
    if attribute in {"width", "height", "colspan", "rowspan", "start"}:
        # ASCII digits only: "²".isdigit() is true, and int() refuses it later.
        return value if value.isascii() and value.isdigit() and len(value) <= 6 else None
    return value


def sanitize_html(html):
    """Return `html` reduced to the allowlist; safe to render with |safe."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_filter_attribute,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()

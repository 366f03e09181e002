"""An article as PDF bytes: one print template, local resources only.

pdf_version() hashes everything the PDF shows, so store.py can keep one file
per version. Resources come from our own static and media files only: the
renderer never opens a network connection.
"""

import hashlib
import json
import logging
import mimetypes
import posixpath
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.template.loader import get_template
from django.utils import timezone, translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from thinktank.editions import site_long_name

from ..models import Article

TEMPLATE = "publications/pdf/article.html"
STYLESHEET = "css/print.css"
# Bump when the rendering changes in a way the template files do not show.
RENDERER_VERSION = "1"

logger = logging.getLogger(__name__)


# --- Local resources only -------------------------------------------------------


def _inside(root, relative):
    """`root/relative` if it is an existing file inside `root`, else None."""
    root = Path(root).resolve()
    candidate = (root / relative).resolve()
    if candidate.is_relative_to(root) and candidate.is_file():
        return candidate
    return None


def _static_file(relative):
    """Bytes of one of our static files (local on every machine), or None."""
    found = _inside(settings.STATIC_ROOT, relative) if settings.STATIC_ROOT else None
    if found is None:
        try:
            found = finders.find(relative)
        except SuspiciousFileOperation:
            return None
    return Path(found).read_bytes() if found else None


def _media_image(relative):
    """Bytes of an image in the media storage (a folder or a bucket), or None."""
    name = posixpath.normpath(relative)
    if name == ".." or name.startswith(("../", "/")):
        return None
    mime = mimetypes.guess_type(name)[0]
    if not (mime and mime.startswith("image/")):
        return None
    try:
        with default_storage.open(name, "rb") as image:
            return image.read()
    except Exception:  # missing or unreadable: the PDF renders without it
        logger.warning("PDF: media image %r could not be read", name[:200])
        return None


def our_file(url):
    """(bytes, MIME type) behind one of our /static/ or /media/ URLs, or None.

    Accepts site-relative URLs and SITE_URL-prefixed ones; anything else
    (another host, another scheme, a path escaping its root) gives None.
    Media files are served only when they are images.
    """
    parts = urlsplit(url)
    site = urlsplit(settings.SITE_URL)
    if (parts.scheme or parts.netloc) and (parts.scheme, parts.netloc) != (
        site.scheme,
        site.netloc,
    ):
        return None
    path = unquote(parts.path)
    if "\x00" in path:
        return None
    if path.startswith(settings.STATIC_URL):
        relative = path.removeprefix(settings.STATIC_URL)
        data = _static_file(relative)
    elif path.startswith(settings.MEDIA_URL):
        relative = path.removeprefix(settings.MEDIA_URL)
        data = _media_image(relative)
    else:
        return None
    if data is None:
        return None
    return data, mimetypes.guess_type(relative)[0] or "application/octet-stream"


class LocalFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that reads our static and media files through
    the storages and refuses every other URL, so no body can make the server
    fetch anything."""

    def fetch(self, url, headers=None):
        found = our_file(url)
        if found is None:
            raise ValueError(f"not a local static or media URL, refused: {url[:200]}")
        data, mime = found
        return URLFetcherResponse(url, data, {"Content-Type": mime})


def html_to_pdf(html):
    """PDF bytes for an HTML document whose resources are our own files."""
    return HTML(
        string=html, base_url=settings.SITE_URL + "/", url_fetcher=LocalFetcher()
    ).write_pdf()


# --- The document ---------------------------------------------------------------


@lru_cache(maxsize=1)
def _template_version():
    digest = hashlib.sha256(RENDERER_VERSION.encode())
    digest.update(Path(get_template(TEMPLATE).origin.name).read_bytes())
    stylesheet = finders.find(STYLESHEET)
    digest.update(Path(stylesheet).read_bytes() if stylesheet else b"")
    return digest.hexdigest()


def pdf_articles():
    """Articles with everything the PDF shows, in the queries it needs."""
    return Article.objects.for_page()


def pdf_version(article):
    """A hash of everything the PDF of `article` shows (and of the template)."""
    with translation.override(article.language):
        return _pdf_version(article)


def _pdf_version(article):
    shown = {
        "renderer": _template_version(),
        "site": [settings.SITE_NAME, site_long_name(), settings.SITE_URL],
        "time_zone": settings.TIME_ZONE,
        "article": [
            article.pk,
            article.title,
            article.slug,
            article.summary,
            article.body,
            article.status,
            article.language,
            article.published_at.isoformat(),
            article.updated_at.isoformat(),
        ],
        "series": [article.series_id, article.series.name, article.series.slug],
        "authors": [[a.pk, a.name, a.title] for a in article.ordered_authors()],
        "tags": sorted(tag.name for tag in article.tags.all()),
    }
    encoded = json.dumps(shown, ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(encoded).hexdigest()[:32]


def render_html(article):
    """The PDF's HTML, its labels in the article's language."""
    with translation.override(article.language):
        return _render_html(article)


def _render_html(article):
    return get_template(TEMPLATE).render(
        {
            "article": article,
            "authors": article.ordered_authors(),
            "tags": sorted(article.tags.all(), key=lambda tag: tag.name.lower()),
            "body": article.safe_body,
            "absolute_url": article.absolute_url,
            "is_draft": article.status == Article.Status.DRAFT,
            "stylesheet": settings.STATIC_URL + STYLESHEET,
            "SITE_NAME": settings.SITE_NAME,
            "SITE_LONG_NAME": site_long_name(),
        }
    )


def render_pdf(article):
    """PDF bytes for `article` (fetched with pdf_articles())."""
    return html_to_pdf(render_html(article))


def pdf_filename(article):
    """`series_date_slug.pdf`: Unicode kept, nothing that could act as a path."""
    date = timezone.localtime(article.published_at).date().isoformat()
    stem = f"{article.series.slug}_{date}_{article.slug}"
    stem = re.sub(r"[^\w.-]+", "-", stem).strip(".-") or "article"
    # 255 bytes is the usual file-name limit; Korean takes three per letter.
    stem = stem.encode()[:200].decode(errors="ignore")
    return f"{stem}.pdf"

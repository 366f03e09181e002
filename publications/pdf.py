"""Articles as PDFs: one print template, local resources only, stored per version.

A PDF is rendered once per *version* of an article, a hash of everything the
PDF shows, and kept as PRIVATE_ROOT/pdf-cache/<article id>/<version>.pdf. Any
edit, by any path (admin, import, shell), changes the version, so a stale
file is never served. Resources come from our own static and media files
only: the renderer never opens a network connection.
"""

import hashlib
import json
import logging
import mimetypes
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.db import transaction
from django.template.loader import get_template
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .models import Article

logger = logging.getLogger(__name__)

TEMPLATE = "publications/pdf/article.html"
STYLESHEET = "css/print.css"
# Bump when the rendering changes in a way the template files do not show.
RENDERER_VERSION = "1"
WARM_CHUNK = 20


# --- Local resources only -------------------------------------------------------


def _inside(root, relative):
    """`root/relative` if it is an existing file inside `root`, else None."""
    root = Path(root).resolve()
    candidate = (root / relative).resolve()
    if candidate.is_relative_to(root) and candidate.is_file():
        return candidate
    return None


def local_file_for(url):
    """The file on disk behind one of our /static/ or /media/ URLs, or None.

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
        found = _inside(settings.STATIC_ROOT, relative) if settings.STATIC_ROOT else None
        if found is None:
            try:
                found = finders.find(relative)
            except SuspiciousFileOperation:
                return None
        return Path(found) if found else None
    if path.startswith(settings.MEDIA_URL):
        found = _inside(settings.MEDIA_ROOT, path.removeprefix(settings.MEDIA_URL))
        mime = mimetypes.guess_type(found.name)[0] if found else None
        return found if mime and mime.startswith("image/") else None
    return None


class LocalFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that reads our static and media files from disk
    and refuses every other URL, so no body can make the server fetch anything."""

    def fetch(self, url, headers=None):
        found = local_file_for(url)
        if found is None:
            raise ValueError(f"not a local static or media URL, refused: {url[:200]}")
        mime = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, found.read_bytes(), {"Content-Type": mime})


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
    shown = {
        "renderer": _template_version(),
        "site": [settings.SITE_NAME, settings.SITE_LONG_NAME, settings.SITE_URL],
        "time_zone": settings.TIME_ZONE,
        "article": [
            article.pk,
            article.title,
            article.slug,
            article.summary,
            article.body,
            article.status,
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
            "SITE_LONG_NAME": settings.SITE_LONG_NAME,
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


# --- Storage --------------------------------------------------------------------


def cache_dir():
    return Path(settings.PRIVATE_ROOT) / "pdf-cache"


def stored_path(article, version=None):
    return cache_dir() / str(article.pk) / f"{version or pdf_version(article)}.pdf"


def ensure_pdf(article):
    """Path of the stored PDF of `article`'s current version, rendering it if needed."""
    path = stored_path(article)
    if path.exists():
        return path
    data = render_pdf(article)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write beside, then rename: a reader never sees half a file, and two
    # workers rendering the same version both end with a whole one.
    handle, partial = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.chmod(partial, 0o644)
    os.replace(partial, path)
    for old in path.parent.glob("*.pdf"):
        if old != path:
            old.unlink(missing_ok=True)
    return path


def warm_pdfs(article_ids):
    """Render and store the current PDF of each article; returns how many rendered."""
    rendered = 0
    articles = pdf_articles().in_bulk(article_ids)
    for article in (articles[pk] for pk in article_ids if pk in articles):
        try:
            if not stored_path(article).exists():
                ensure_pdf(article)
                rendered += 1
        except Exception:
            logger.exception("Could not render the PDF of article %s", article.pk)
    return rendered


def warm_after_commit(article_ids):
    """Have the worker render these articles' PDFs once the transaction commits.

    Call it after saving articles (the admin does, from save_related; the
    importer should too). A broker that cannot be reached is logged, never
    raised: the PDF is then rendered on its first export instead.
    """
    ids = sorted({int(pk) for pk in article_ids})
    if not ids:
        return

    def enqueue():
        from .tasks import warm_article_pdfs

        for start in range(0, len(ids), WARM_CHUNK):
            try:
                warm_article_pdfs.delay(ids[start : start + WARM_CHUNK])
            except Exception:
                logger.exception("Could not enqueue PDF rendering; it will happen on export")
                return

    transaction.on_commit(enqueue)

"""Stored PDFs: one file per article version, rendered once, never stale.

A PDF is kept as PRIVATE_ROOT/pdf-cache/<article id>/<version>.pdf, where the
version is render.pdf_version(). Any edit, by any path (admin, import, shell),
changes the version, so a stale file is never served.
"""

import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings

from . import render

logger = logging.getLogger(__name__)


def cache_dir():
    return Path(settings.PRIVATE_ROOT) / "pdf-cache"


def stored_path(article, version=None):
    return cache_dir() / str(article.pk) / f"{version or render.pdf_version(article)}.pdf"


def ensure_pdf(article):
    """Path of the stored PDF of `article`'s current version, rendering it if needed."""
    path = stored_path(article)
    if path.exists():
        return path
    data = render.render_pdf(article)
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
    articles = render.pdf_articles().in_bulk(article_ids)
    for article in (articles[pk] for pk in article_ids if pk in articles):
        try:
            if not stored_path(article).exists():
                ensure_pdf(article)
                rendered += 1
        except Exception:
            logger.exception("Could not render the PDF of article %s", article.pk)
    return rendered

"""Stored PDFs: pdf-cache/<article id>/<version>.pdf in the private storage.

The version is render.pdf_version(), so a PDF is rendered once per version
of what it shows and never served stale (publications/versioned_files.py).
"""

from ..versioned_files import VersionedFiles
from . import render

CACHE_FOLDER = "pdf-cache"

# Looked up in render on each call, not bound once: one place to replace them.
_pdfs = VersionedFiles(
    CACHE_FOLDER,
    ".pdf",
    version=lambda article: render.pdf_version(article),
    make=lambda article: render.render_pdf(article),
    what="the PDF",
)

article_folder = _pdfs.article_folder
stored_name = _pdfs.stored_name
is_stored = _pdfs.is_stored
ensure_pdf = _pdfs.ensure  # storage name of the current PDF, rendered if needed
open_pdf = _pdfs.open


def warm_pdfs(article_ids):
    """Render and store the current PDF of each article; returns how many rendered."""
    return _pdfs.warm(render.pdf_articles(), article_ids)

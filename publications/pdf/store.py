"""Stored PDFs: one file per article version, rendered once, never stale.

A PDF is kept in the private storage as pdf-cache/<article id>/<version>.pdf,
where the version is render.pdf_version(). Any edit, by any path (admin,
import, shell), changes the version, so a stale file is never served. Only
the storage API is used, so the file a worker renders on one machine is the
file a web process on another serves.
"""

import logging

from django.core.files.base import ContentFile

from thinktank.storage import private_storage

from . import render

logger = logging.getLogger(__name__)

CACHE_FOLDER = "pdf-cache"


def article_folder(article):
    return f"{CACHE_FOLDER}/{article.pk}"


def stored_name(article, version=None):
    """The storage name of the PDF of `article`'s current (or given) version."""
    return f"{article_folder(article)}/{version or render.pdf_version(article)}.pdf"


def is_stored(article):
    return private_storage().exists(stored_name(article))


def ensure_pdf(article):
    """Storage name of the stored PDF of `article`'s current version, rendering it if needed."""
    storage = private_storage()
    name = stored_name(article)
    if storage.exists(name):
        return name
    storage.save(name, ContentFile(render.render_pdf(article)))
    # Two workers rendering the same version at once: the second save gets
    # another name; both files hold the same PDF, so drop every other one.
    _drop_other_versions(storage, article, keep=name)
    return name


def _drop_other_versions(storage, article, keep):
    try:
        _folders, files = storage.listdir(article_folder(article))
    except FileNotFoundError:
        return
    for file_name in files:
        name = f"{article_folder(article)}/{file_name}"
        if name != keep and file_name.endswith(".pdf"):
            storage.delete(name)


def open_pdf(article):
    """The stored PDF of `article`'s current version, open for reading (rendered if needed)."""
    return private_storage().open(ensure_pdf(article), "rb")


def warm_pdfs(article_ids):
    """Render and store the current PDF of each article; returns how many rendered."""
    rendered = 0
    articles = render.pdf_articles().in_bulk(article_ids)
    for article in (articles[pk] for pk in article_ids if pk in articles):
        try:
            if not is_stored(article):
                ensure_pdf(article)
                rendered += 1
        except Exception:
            logger.exception("Could not render the PDF of article %s", article.pk)
    return rendered

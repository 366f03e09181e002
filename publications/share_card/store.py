"""Stored share cards: share-cards/<article id>/<version>.png in the private storage.

As with the PDFs (publications/pdf/store.py), a card is made once per
version of what it shows and never served stale: the version is in its name
and in its address.
"""

import logging

from django.core.files.base import ContentFile

from thinktank.storage import private_storage

from ..models import Article
from . import render

logger = logging.getLogger(__name__)

CACHE_FOLDER = "share-cards"


def _folder(article):
    return f"{CACHE_FOLDER}/{article.pk}"


def stored_name(article, version=None):
    return f"{_folder(article)}/{version or render.card_version(article)}.png"


def ensure_card(article):
    """Storage name of the card of `article`'s current version, drawing it if needed."""
    storage = private_storage()
    name = stored_name(article)
    if storage.exists(name):
        return name
    storage.save(name, ContentFile(render.render_card(article)))
    _drop_other_versions(storage, article, keep=name)
    return name


def _drop_other_versions(storage, article, keep):
    try:
        _folders, files = storage.listdir(_folder(article))
    except FileNotFoundError:
        return
    for file_name in files:
        name = f"{_folder(article)}/{file_name}"
        if name != keep and file_name.endswith(".png"):
            storage.delete(name)


def card_bytes(article):
    """The PNG of `article`'s current card (drawn now if the worker has not yet)."""
    with private_storage().open(ensure_card(article), "rb") as handle:
        return handle.read()


def card_articles():
    return (
        Article.objects.published()
        .select_related("series")
        .prefetch_related("article_authors__author")
    )


def warm_cards(article_ids):
    """Draw and store the current cards of these articles (those without a cover); how many."""
    drawn = 0
    articles = card_articles().filter(cover_image="").in_bulk(article_ids)
    for article in (articles[pk] for pk in article_ids if pk in articles):
        try:
            if not private_storage().exists(stored_name(article)):
                ensure_card(article)
                drawn += 1
        except Exception:
            logger.exception("Could not draw the share card of article %s", article.pk)
    return drawn

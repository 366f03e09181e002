"""Stored share cards: share-cards/<article id>/<version>.png in the private storage.

As with the PDFs, a card is made once per version of what it shows and never
served stale: the version is in its name and in its address
(publications/versioned_files.py).
"""

from ..models import Article
from ..versioned_files import VersionedFiles
from . import render

CACHE_FOLDER = "share-cards"

# Looked up in render on each call, not bound once: one place to replace them.
_cards = VersionedFiles(
    CACHE_FOLDER,
    ".png",
    version=lambda article: render.card_version(article),
    make=lambda article: render.render_card(article),
    what="the share card",
)

stored_name = _cards.stored_name
ensure_card = _cards.ensure  # storage name of the current card, drawn if needed


def card_bytes(article):
    """The PNG of `article`'s current card (drawn now if the worker has not yet)."""
    with _cards.open(article) as handle:
        return handle.read()


def card_articles():
    return (
        Article.objects.published()
        .select_related("series")
        .prefetch_related("article_authors__author")
    )


def warm_cards(article_ids):
    """Draw and store the current cards of these articles (those without a cover); how many."""
    return _cards.warm(card_articles().filter(cover_image=""), article_ids)

"""Which image an article is shared with: the editor's cover, else its generated card."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from .render import card_version


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def card_path(article):
    """The versioned address of the card of `article`'s current version (in its edition)."""
    with translation.override(article.language):
        return reverse(
            "publications:share_card", kwargs={"pk": article.pk, "version": card_version(article)}
        )


def share_image_url(article):
    """(absolute image URL, whether it is the generated card).

    A cover image is named by its /media/ address (served like the body
    images: by the web server, or a redirect to the bucket), never by a
    signed bucket URL that would expire in the crawlers' caches.
    """
    if article.cover_image:
        return _absolute(settings.MEDIA_URL + article.cover_image.name), False
    return _absolute(card_path(article)), True

"""Where library images are used: article bodies (and cover images), by address.

Bodies are stored sanitised (publications/sanitize.py), so their <img> tags
are in one normal form: double-quoted attributes, entities for quotes.
"""

import html
import re
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db.models import Q

from publications.models import Article

IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'([a-zA-Z-]+)="([^"]*)"')


def img_tags(body):
    """[(tag text, {attribute: unescaped value})] for every <img> of an HTML body."""
    return [
        (tag, {name.lower(): html.unescape(value) for name, value in ATTRIBUTE.findall(tag)})
        for tag in IMG_TAG.findall(body or "")
    ]


def media_name(src):
    """The storage name ("images/...") an own image address points at, else None."""
    parts = urlsplit(src or "")
    site = urlsplit(settings.SITE_URL)
    if (parts.scheme or parts.netloc) and (parts.scheme, parts.netloc) != (
        site.scheme,
        site.netloc,
    ):
        return None
    path = unquote(parts.path)
    prefix = f"{settings.MEDIA_URL}images/"
    if not path.startswith(prefix):
        return None
    return path.removeprefix(settings.MEDIA_URL)


def images_missing_alt(article):
    """Addresses of the images `article` shows without alternative text.

    Every <img> of the body without a non-blank alt (and a cover image, should
    it ever carry alt text of its own and leave it blank). Empty when all is
    well; the review attention list and the article admin call it.
    """
    missing = [
        attrs.get("src", "")
        for _tag, attrs in img_tags(article.body)
        if not attrs.get("alt", "").strip()
    ]
    cover = getattr(article, "cover_image", None)
    if cover and hasattr(cover, "alt_text") and not cover.alt_text.strip():
        missing.append(getattr(cover, "url", str(cover)))
    return missing


def _using_filter(image):
    return Q(body__contains=image.url)


def articles_using(image):
    """Every article (drafts included) that shows `image`."""
    return Article.objects.filter(_using_filter(image)).select_related("series")


def article_ids_using(image):
    return list(Article.objects.filter(_using_filter(image)).values_list("pk", flat=True))


def rewrite_bodies(old_url, new_url):
    """Point every body that names `old_url` at `new_url` (each saved like any edit)."""
    rewritten = []
    for article in Article.objects.filter(body__contains=old_url):
        article.body = article.body.replace(old_url, new_url)
        article.save()
        rewritten.append(article)
    return rewritten

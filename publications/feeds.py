"""Atom-compatible RSS feeds: everything, and one per series, per author and per tag, per edition.

Each edition (/ko/feed/, /en/feed/) lists the articles of its language, with
its words and names.

Every absolute URL is built from settings.SITE_URL, never from the request:
behind a TLS proxy the request is plain http on an internal port, and its
Host header is whatever the client sent. Text is cleaned of control
characters on output too (XML 1.0 cannot carry them), so no stored value can
take a feed down. Feeds are the same for every reader: cached whole
(page_cache.share) like the list pages.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from taggit.models import Tag

from . import languages
from .models import Article, Author, Series
from .page_cache import share
from .validators import clean_text

FEED_SIZE = 20


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


class LatestArticlesFeed(Feed):
    def __call__(self, request, *args, **kwargs):
        return share(super().__call__(request, *args, **kwargs))

    def title(self, obj=None):
        return clean_text(f"{settings.SITE_NAME}: {obj.name if obj else _('Publications')}", False)

    def description(self, obj=None):
        return _("New publications")

    def link(self, obj=None):
        return _absolute(obj.get_absolute_url() if obj else reverse("publications:home"))

    def feed_url(self, obj=None):
        return _absolute(reverse("publications:feed"))

    def items(self, obj=None):
        return self.articles(obj)[:FEED_SIZE]

    def articles(self, obj):
        return (
            Article.objects.published()
            .filter(language=languages.active())
            .for_listing()
            .order_by("-published_at", "-id")
        )

    def item_title(self, article):
        return clean_text(article.title, multiline=False)

    def item_description(self, article):
        # Readers render <description> as HTML; the summary is plain text.
        return escape(clean_text(article.summary))

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        names = ", ".join(author.name for author in article.authors.all())
        return clean_text(names, multiline=False)

    def item_categories(self, article):
        return [clean_text(article.series.name, multiline=False)]

    def item_link(self, article):
        return article.absolute_url


class SeriesFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Series, slug=slug)

    def feed_url(self, obj=None):
        return _absolute(reverse("publications:series_feed", kwargs={"slug": obj.slug}))

    def articles(self, obj):
        return super().articles(obj).filter(series=obj)


class AuthorFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def feed_url(self, obj=None):
        return _absolute(reverse("publications:author_feed", kwargs={"slug": obj.slug}))

    def articles(self, obj):
        return super().articles(obj).filter(authors=obj).distinct()


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj=None):
        return clean_text(f"{settings.SITE_NAME}: #{obj.name}", False)

    def link(self, obj=None):
        return _absolute(reverse("publications:tag", kwargs={"slug": obj.slug}))

    def feed_url(self, obj=None):
        return _absolute(reverse("publications:tag_feed", kwargs={"slug": obj.slug}))

    def articles(self, obj):
        return super().articles(obj).filter(tags=obj)

"""Atom-compatible RSS feeds: everything, and one per series."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404

from .models import Article, Series

FEED_SIZE = 20


class LatestArticlesFeed(Feed):
    description = "New publications"

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: {obj.name if obj else 'Publications'}"

    def link(self, obj=None):
        return obj.get_absolute_url() if obj else "/"

    def items(self, obj=None):
        articles = Article.objects.published().for_listing().order_by("-published_at", "-id")
        if obj is not None:
            articles = articles.filter(series=obj)
        return articles[:FEED_SIZE]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.summary

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return ", ".join(author.name for author in article.authors.all())

    def item_categories(self, article):
        return [article.series.name]

    def item_link(self, article):
        return article.absolute_url


class SeriesFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Series, slug=slug)

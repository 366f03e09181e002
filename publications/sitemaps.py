from django.conf import settings
from django.contrib.sitemaps import Sitemap

from .models import Article


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Article.objects.published().select_related("series").order_by("-published_at", "-id")

    def lastmod(self, article):
        return article.updated_at

    def get_domain(self, site=None):
        return settings.SITE_URL.split("://", 1)[1]

    def get_protocol(self, protocol=None):
        return settings.SITE_URL.split("://", 1)[0]

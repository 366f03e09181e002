"""The sitemap: absolute article URLs built from settings.SITE_URL, never from the request.

django.contrib.sitemaps takes the protocol from `request.scheme` and the
domain from the Sites framework or the Host header; get_protocol() and
get_domain() below ignore both.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.views.decorators.http import require_safe

from .models import Article
from .page_cache import shared_page


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Article.objects.published().select_related("series").order_by("-published_at", "-id")

    def lastmod(self, article):
        return article.updated_at

    def get_domain(self, site=None):
        return settings.SITE_URL.rstrip("/").split("://", 1)[1]

    def get_protocol(self, protocol=None):
        return settings.SITE_URL.split("://", 1)[0]


SITEMAPS = {"articles": ArticleSitemap}


@require_safe
@shared_page
def sitemap_xml(request):
    """/sitemap.xml: GET and HEAD only (405 for OPTIONS, TRACE, POST); cached whole."""
    return sitemap(request, SITEMAPS)

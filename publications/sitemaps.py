"""The sitemap: absolute URLs built from settings.SITE_URL, never from the request.

django.contrib.sitemaps takes the protocol from `request.scheme` and the
domain from the Sites framework or the Host header; get_protocol() and
get_domain() below ignore both.

Each article is listed at its own edition's address; an article and its
translation name each other with `xhtml:link` alternates (and x-default, the
one in LANGUAGE_CODE). The home and series pages exist in both editions and
are listed once per edition, each with its alternates.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from . import languages
from .models import Article, Series
from .page_cache import shared_page


class SiteUrlSitemap(Sitemap):
    def get_domain(self, site=None):
        return settings.SITE_URL.rstrip("/").split("://", 1)[1]

    def get_protocol(self, protocol=None):
        return settings.SITE_URL.split("://", 1)[0]


class ArticleSitemap(SiteUrlSitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Article.objects.published().select_related("series").order_by("-published_at", "-id")

    def lastmod(self, article):
        return article.updated_at

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page, site, protocol)
        groups = self._translation_groups([url["item"] for url in urls])
        for url in urls:
            group = groups.get(url["item"].translation_key)
            if group and len(group) > 1:
                url["alternates"] = _alternates(
                    {article.language: article.absolute_url for article in group}
                )
        return urls

    def _translation_groups(self, articles):
        keys = {article.translation_key for article in articles if article.translation_key}
        groups = {}
        published = Article.objects.published().filter(translation_key__in=keys)
        for article in published.select_related("series"):
            groups.setdefault(article.translation_key, []).append(article)
        return groups


class EditionPagesSitemap(SiteUrlSitemap):
    """Home and series pages, in every edition."""

    changefreq = "daily"

    def items(self):
        return [("publications:home", {})] + [
            ("publications:series", {"slug": slug})
            for slug in Series.objects.values_list("slug", flat=True)
        ]

    def location(self, item):
        return reverse(item[0], kwargs=item[1])

    def get_urls(self, page=1, site=None, protocol=None):
        urls = []
        for item in self.items():
            locations = {}
            for code in languages.codes():
                with translation.override(code):
                    locations[code] = settings.SITE_URL.rstrip("/") + self.location(item)
            for code in languages.codes():
                urls.append(
                    {
                        "item": item,
                        "location": locations[code],
                        "lastmod": None,
                        "changefreq": self.changefreq,
                        "priority": "",
                        "alternates": _alternates(locations),
                    }
                )
        return urls


def _alternates(locations):
    """The xhtml:link list of django's sitemap template, x-default last."""
    found = [{"lang_code": code, "location": url} for code, url in locations.items()]
    default = locations.get(settings.LANGUAGE_CODE)
    if default:
        found.append({"lang_code": "x-default", "location": default})
    return found


SITEMAPS = {"pages": EditionPagesSitemap, "articles": ArticleSitemap}


@require_safe
@shared_page
def sitemap_xml(request):
    """/sitemap.xml: GET and HEAD only (405 for OPTIONS, TRACE, POST); cached whole."""
    return sitemap(request, SITEMAPS)

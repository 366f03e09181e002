from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from mailing.views import unsubscribe
from publications.sitemaps import sitemap_xml
from thinktank.editions import legacy_redirect, root
from thinktank.health import healthz, readyz
from thinktank.media import media_urlpatterns
from thinktank.views import accessibility, robots_txt

admin.site.site_header = format_lazy(_("{site} publishing"), site=settings.SITE_NAME)
admin.site.site_title = admin.site.site_header
admin.site.site_url = "/"
# The admin speaks the editor's language: their choice (the switch in its header,
# /i18n/setlang/), else their browser's, else LANGUAGE_CODE.

# Language-neutral addresses: no prefix.
urlpatterns = [
    path("", root, name="root"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap_xml, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    # Opt-out links in mails sent before the editions existed, and RFC 8058
    # one-click POSTs to them, answer where they are (a redirect would lose a POST).
    path("mail/unsubscribe/<str:token>/", unsubscribe),
    path("mail/unsubscribe/<str:token>", unsubscribe),
    # Every other address of before the editions: 301 to its new address.
    re_path(
        r"^(?P<path>(?:publications|tags|authors|feed|search|mail|attachments|articles)(?:/.*)?)$",
        legacy_redirect,
    ),
]

# The public site, once per edition: /ko/..., /en/...
urlpatterns += i18n_patterns(
    path("mail/", include("mailing.urls")),
    path("search/", include("search.urls")),
    path("accessibility/", accessibility, name="accessibility"),
    path("", include("publications.urls")),
)

urlpatterns += media_urlpatterns()

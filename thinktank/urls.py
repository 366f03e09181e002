from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from publications.sitemaps import sitemap_xml
from thinktank.health import healthz, readyz
from thinktank.media import media_urlpatterns
from thinktank.views import robots_txt

admin.site.site_header = f"{settings.SITE_NAME} publishing"
admin.site.site_title = f"{settings.SITE_NAME} publishing"
admin.site.site_url = "/"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap_xml, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("mail/", include("mailing.urls")),
    path("search/", include("search.urls")),
    path("", include("publications.urls")),
]

urlpatterns += media_urlpatterns()

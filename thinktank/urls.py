from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.static import serve

from publications.sitemaps import ArticleSitemap
from publications.views import robots_txt

admin.site.site_header = f"{settings.SITE_NAME} publishing"
admin.site.site_title = f"{settings.SITE_NAME} publishing"
admin.site.site_url = "/"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": {"articles": ArticleSitemap}}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("mail/", include("mailing.urls")),
    path("search/", include("search.urls")),
    path("", include("publications.urls")),
]

# Images referenced from article bodies live in MEDIA_ROOT. Attachments are
# never served from here: they go through the counted download view.
urlpatterns += [
    path(
        "media/images/<path:path>",
        serve,
        {"document_root": settings.MEDIA_ROOT / "images"},
    ),
]

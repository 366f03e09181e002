from django.urls import path, register_converter
from django.views.decorators.http import require_safe

from . import views
from .converters import UnicodeSlugConverter
from .feeds import LatestArticlesFeed, SeriesFeed
from .pdf.views import article_pdf

register_converter(UnicodeSlugConverter, "uslug")

app_name = "publications"

urlpatterns = [
    path("", views.home, name="home"),
    # Feeds answer GET and HEAD only: 405 for OPTIONS, TRACE, POST ...
    path("feed/", require_safe(LatestArticlesFeed()), name="feed"),
    path("publications/<uslug:slug>/feed/", require_safe(SeriesFeed()), name="series_feed"),
    path("publications/<uslug:slug>/", views.SeriesView.as_view(), name="series"),
    path("publications/<uslug:series>/<uslug:slug>/", views.article, name="article"),
    path("tags/<uslug:slug>/", views.TagView.as_view(), name="tag"),
    path("authors/<uslug:slug>/", views.AuthorView.as_view(), name="author"),
    path("articles/<int:pk>/pdf/", article_pdf, name="article_pdf"),
    path("attachments/<int:pk>/download/", views.download_attachment, name="attachment"),
]

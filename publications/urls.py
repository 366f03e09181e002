from django.urls import path, register_converter

from . import views
from .converters import UnicodeSlugConverter
from .feeds import LatestArticlesFeed, SeriesFeed
from .pdf.views import article_pdf

register_converter(UnicodeSlugConverter, "uslug")

app_name = "publications"

urlpatterns = [
    path("", views.home, name="home"),
    path("feed/", LatestArticlesFeed(), name="feed"),
    path("publications/<uslug:slug>/feed/", SeriesFeed(), name="series_feed"),
    path("publications/<uslug:slug>/", views.SeriesView.as_view(), name="series"),
    path("publications/<uslug:series>/<uslug:slug>/", views.article, name="article"),
    path("tags/<uslug:slug>/", views.TagView.as_view(), name="tag"),
    path("authors/<uslug:slug>/", views.AuthorView.as_view(), name="author"),
    path("articles/<int:pk>/pdf/", article_pdf, name="article_pdf"),
    path("attachments/<int:pk>/download/", views.download_attachment, name="attachment"),
]

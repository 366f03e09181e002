from django.urls import path, register_converter
from django.views.decorators.http import require_safe

from . import views
from .citations import views as citation_views
from .converters import UnicodeSlugConverter
from .feeds import AuthorFeed, LatestArticlesFeed, SeriesFeed, TagFeed
from .pdf.views import article_pdf
from .share_card.views import share_card

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
    path("tags/<uslug:slug>/feed/", require_safe(TagFeed()), name="tag_feed"),
    path("authors/<uslug:slug>/", views.AuthorView.as_view(), name="author"),
    path("authors/<uslug:slug>/feed/", require_safe(AuthorFeed()), name="author_feed"),
    path("articles/<int:pk>/cite/", citation_views.article_cite, name="article_cite"),
    path("articles/<int:pk>/cite.bib", citation_views.article_bibtex, name="article_cite_bibtex"),
    path("articles/<int:pk>/cite.ris", citation_views.article_ris, name="article_cite_ris"),
    path("articles/<int:pk>/cite.json", citation_views.article_csl, name="article_cite_csl"),
    path("articles/<int:pk>/card/<slug:version>.png", share_card, name="share_card"),
    path("articles/<int:pk>/pdf/", article_pdf, name="article_pdf"),
    path("attachments/<int:pk>/download/", views.download_attachment, name="attachment"),
]

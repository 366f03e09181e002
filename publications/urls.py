from django.urls import path

from . import views, views_pdf

app_name = "publications"

urlpatterns = [
    path("", views.home, name="home"),
    path("publications/<str:slug>/", views.SeriesView.as_view(), name="series"),
    path("publications/<str:series>/<str:slug>/", views.ArticleView.as_view(), name="article"),
    path("tags/<str:slug>/", views.TagView.as_view(), name="tag"),
    path("authors/<str:slug>/", views.AuthorView.as_view(), name="author"),
    path("articles/<int:pk>/pdf/", views_pdf.article_pdf, name="article_pdf"),
    path("attachments/<int:pk>/download/", views.download_attachment, name="attachment"),
]

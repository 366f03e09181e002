from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from publications.models import Series

BARE = engines["django"].from_string(
    "<!doctype html><html><head><title>{{ series.name }}</title></head>"
    "<body><h1>{{ series.name }}</h1><p>{{ series.description }}</p></body></html>"
)


def bare(request):
    """The yardstick: one query and a small template."""
    return HttpResponse(BARE.render({"series": Series.objects.first()}, request))


urlpatterns = [path("bench/bare/", bare), path("", include("thinktank.urls"))]

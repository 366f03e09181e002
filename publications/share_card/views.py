"""A published article's share card, at an address that names its version."""

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from . import store
from .links import card_path
from .render import card_version

# The address changes with the picture, so caches may keep it for a year.
LONG_CACHE = "public, max-age=31536000, immutable"
SHORT_CACHE = "public, max-age=300"


@require_safe
def share_card(request, pk, version):
    article = get_object_or_404(store.card_articles(), pk=pk)
    if version != card_version(article):
        # An older page (a crawler's copy) names an older card: send it to today's.
        response = HttpResponseRedirect(card_path(article))
        response["Cache-Control"] = SHORT_CACHE
        return response
    try:
        png = store.card_bytes(article)
    except OSError:
        raise Http404 from None
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = LONG_CACHE
    return response

"""The site's two language editions, /ko/... and /en/...: which one a reader gets.

- `/` sends a reader to the edition their language cookie or browser prefers
  (302, varying on those: the answer differs per reader), LANGUAGE_CODE when
  neither helps.
- Addresses from before the editions existed (no prefix) answer 301 to their
  new address, so nothing already shared, mailed or indexed breaks: an
  article to its own language's edition, any other page to the reader's.
- `alternates(request)` gives each edition's address of the page being
  shown, for the language switch and the hreflang links.
"""

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from publications import languages


def preferred_language(request):
    """The edition a reader prefers: their cookie, their browser, else LANGUAGE_CODE."""
    code = translation.get_language_from_request(request, check_path=False)
    code = (code or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in languages.codes() else settings.LANGUAGE_CODE


def _negotiated(response):
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


@require_safe
def root(request):
    target = f"/{preferred_language(request)}/"
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    return _negotiated(HttpResponseRedirect(target))


def legacy_redirect(request, path):
    """An address without a language prefix: 301 to where the page lives now."""
    article_language = _language_of_page(path)
    if article_language == "":  # an article's address, but no such article
        raise Http404
    language = article_language or preferred_language(request)
    target = f"/{language}/{path}"
    try:
        resolve_path(target)
    except Resolver404:
        raise Http404 from None
    query = request.META.get("QUERY_STRING")
    response = HttpResponsePermanentRedirect(target + (f"?{query}" if query else ""))
    if request.method not in ("GET", "HEAD"):
        # 308 keeps the method and body: a mail form of a page cached before
        # the editions still sends (a 301 would turn it into a GET).
        response.status_code = 308
    if article_language:
        return response  # an article has one address, whoever asks
    return _negotiated(response)


def resolve_path(path):
    """resolve(), for an address of any edition whatever the active language.

    (An i18n_patterns URL resolves only under its own prefix's language.)
    """
    code = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(code):
        return resolve(path)


def _language_of_page(path):
    """An article's own language when `path` is an article's old address.

    None when `path` is no article's address; "" when it is one but no article is there.
    """
    from publications.models import Article

    try:
        match = resolve_path(f"/{settings.LANGUAGE_CODE}/{path}")
    except Resolver404:
        return None
    if match.view_name != "publications:article":
        return None
    found = (
        Article.objects.filter(series__slug=match.kwargs["series"], slug=match.kwargs["slug"])
        .values_list("language", flat=True)
        .first()
    )
    return found or ""


def alternates(request, **overrides):
    """{language: absolute URL} of this page in each edition.

    By default the same page under the other prefix (a listing, search, a
    static page); `overrides` replace it for pages that know better (an
    article: its translation, or the other edition's home).
    """
    path = request.get_full_path()
    found = {}
    for code in languages.codes():
        found[code] = overrides.get(code) or translate_url(path, code)
    return found


def home_url(code):
    """The address of one edition's home page."""
    with translation.override(code):
        return reverse("publications:home")


def site_long_name():
    """The institute's full name in the active language."""
    return settings.SITE_LONG_NAMES.get(languages.active()) or settings.SITE_LONG_NAME

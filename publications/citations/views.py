"""The cite page of an article and its downloads: BibTeX, RIS, CSL-JSON.

Readers see what they may see on the article page: published articles, and
drafts only for staff who may preview them (never cached then).
"""

import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from ..views import visible_articles
from . import record
from .bibtex import bibtex
from .csl import csl_item
from .ris import ris
from .styles import all_styles

DOWNLOADS = {
    # kind: (MIME type, file extension)
    "bib": ("application/x-bibtex", "bib"),
    "ris": ("application/x-research-info-systems", "ris"),
    "csl": ("application/vnd.citationstyles.csl+json", "json"),
}


def _article(request, pk):
    return get_object_or_404(visible_articles(request).for_page(), pk=pk)


def _private_if_draft(response, article):
    if not article.is_public:
        response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def article_cite(request, pk):
    """The article's citation in each style, with copy buttons and the downloads."""
    article = _article(request, pk)
    citation = record.for_article(article)
    context = {
        "article": article,
        "citation": citation,
        "styles": all_styles(citation),
        "bibtex": bibtex(citation),
    }
    return _private_if_draft(render(request, "publications/article_cite.html", context), article)


def _download(request, pk, kind):
    article = _article(request, pk)
    citation = record.for_article(article)
    if kind == "bib":
        text = bibtex(citation)
    elif kind == "ris":
        text = ris(citation)
    else:
        text = json.dumps([csl_item(citation)], ensure_ascii=False, indent=2) + "\n"
    mime, extension = DOWNLOADS[kind]
    response = HttpResponse(text.encode(), content_type=f"{mime}; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, f"{article.slug}.{extension}"
    )
    return _private_if_draft(response, article)


@require_safe
def article_bibtex(request, pk):
    return _download(request, pk, "bib")


@require_safe
def article_ris(request, pk):
    return _download(request, pk, "ris")


@require_safe
def article_csl(request, pk):
    return _download(request, pk, "csl")

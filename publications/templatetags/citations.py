"""Template access to the citation record and head tags (publications/citations/)."""

from django import template
from django.conf import settings
from django.urls import reverse

from ..citations import head, record

register = template.Library()


@register.simple_tag
def article_head(article):
    """Everything the article page's head names, from one citation record."""
    citation = record.for_article(article)
    return {
        "citation": citation,
        "highwire": head.highwire(citation),
        "open_graph": head.open_graph(citation),
        "twitter": head.twitter(citation),
        "json_ld": head.json_ld(head.article_graph(citation)),
        "bibtex_url": record.cite_url(article, "bib"),
        "ris_url": record.cite_url(article, "ris"),
        "csl_url": record.cite_url(article, "csl"),
    }


@register.simple_tag
def article_citation(article):
    return record.for_article(article)


@register.simple_tag
def cite_url(article, kind="page"):
    return record.cite_url(article, kind)


@register.simple_tag
def person_json_ld(author):
    return head.json_ld(head.person_graph(author))


@register.simple_tag
def site_json_ld():
    return head.json_ld(head.site_graph(search_path=reverse("search:results")))


@register.simple_tag
def kakao_js_key():
    return settings.KAKAO_JS_KEY

"""The language switch and the hreflang links, from the page's `alternates`.

`alternates` ({language: path}) comes from the view (an article knows its
translation) or, lazily, from the site context processor (the same page
under the other prefix).
"""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html

from publications import languages
from thinktank.editions import home_url

register = template.Library()

NAMES = {"ko": "한국어", "en": "English"}


def _alternates(context):
    found = context.get("alternates")
    return found() if callable(found) else (found or {})


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


@register.inclusion_tag("site/language_switch.html", takes_context=True)
def language_switch(context):
    """A link to this page in the other edition, named in that edition's language."""
    other = languages.other(languages.active())
    return {"code": other, "name": NAMES.get(other, other), "url": _alternates(context).get(other)}


@register.inclusion_tag("site/hreflang_links.html", takes_context=True)
def hreflang_links(context):
    """<link rel="alternate" hreflang> for each edition of a page that has both, and x-default."""
    if not context.get("translated_page"):
        return {"links": []}
    found = _alternates(context)
    links = [(code, _absolute(found[code])) for code in languages.codes() if found.get(code)]
    if len(links) < 2:
        return {"links": []}
    # The home pages' x-default is "/", which sends each reader to their edition.
    is_home = all(found.get(code) == home_url(code) for code in languages.codes())
    x_default = reverse("root") if is_home else found[settings.LANGUAGE_CODE]
    return {"links": links + [("x-default", _absolute(x_default))]}


@register.filter
def lang_attr(code):
    """` lang="ko"` when a text's language differs from the page's (WCAG 3.1.2), else nothing."""
    if code in languages.codes() and code != languages.active():
        return format_html(' lang="{}"', code)
    return ""

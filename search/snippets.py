"""Snippets: a short passage of plain text with the matched words in <mark>.

Built from the stored plain text (sanitised body, attachment text) and escaped
piece by piece, so nothing from a body or a file can become markup.
"""

import functools

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.html import escape
from django.utils.safestring import mark_safe

from publications.models import Attachment

from .models import AttachmentText
from .tokenizer import WORD, tokenize

WIDTH = 220
LEAD = 60
SCAN = 200_000  # characters of one text looked through


@functools.lru_cache(maxsize=20_000)
def _word_tokens(word):
    return frozenset(tokenize(word))


def _hits(text, tokens, stop=None):
    probes = {token[:2] for token in tokens}
    for match in WORD.finditer(text, 0, min(len(text), stop or SCAN)):
        word = match.group().lower()
        if any(probe in word for probe in probes) and _word_tokens(match.group()) & tokens:
            yield match


def find(text, tokens):
    """A marked-up passage of `text` around the first matched word, or None."""
    first = next(_hits(text, tokens), None) if text and tokens else None
    if first is None:
        return None
    start = max(0, first.start() - LEAD)
    if start:
        space = text.find(" ", start, first.start())
        start = space + 1 if space != -1 else start
    end = min(len(text), start + WIDTH)
    pieces, cursor = [], start
    for hit in _hits(text[:end], tokens):
        if hit.start() < start:
            continue
        pieces.append(escape(text[cursor : hit.start()]))
        pieces.append(f"<mark>{escape(hit.group())}</mark>")
        cursor = hit.end()
    pieces.append(escape(text[cursor:end]))
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 (escaped above)


def plain(text):
    return escape(text[:WIDTH] + (" …" if len(text) > WIDTH else ""))


def mark_articles(articles, tokens):
    """Give each article its `snippet` and `found_in`, as for_article() tells them.

    The attachments, whose texts may be long, are read only for the articles
    that need them (the words in neither title, summary nor body): one query
    for them all, none when every article has the words in its own texts.
    """
    found = {article.pk: _in_texts(article, tokens) for article in articles}
    needing = [a for a in articles if not found[a.pk] and _may_be_attached(a, tokens)]
    if needing:
        texts = Attachment.objects.select_related("search_text")
        prefetch_related_objects(needing, Prefetch("attachments", texts))
    for article in articles:
        where = found[article.pk] or _in_attachments(article, tokens) or _plain(article)
        article.snippet, article.found_in = where


def for_article(article, tokens):
    """(snippet, attachment name or None): where the reader's words were found."""
    return _in_texts(article, tokens) or _in_attachments(article, tokens) or _plain(article)


def _texts(article):
    document = getattr(article, "search_document", None)
    return article.summary, document.body_text if document else ""


def _in_texts(article, tokens):
    for text in _texts(article):
        snippet = find(text, tokens)
        if snippet:
            return snippet, None
    return None


def _may_be_attached(article, tokens):
    """Whether the words may be in an attachment only (not in the title either)."""
    return bool(tokens) and not _word_tokens(article.title) & tokens


def _in_attachments(article, tokens):
    if not _may_be_attached(article, tokens):
        return None
    for attachment in article.attachments.all():
        try:
            text = attachment.search_text.text
        except AttachmentText.DoesNotExist:
            continue
        snippet = find(text, tokens)
        if snippet:
            return snippet, attachment.download_name
    return None


def _plain(article):
    summary, body = _texts(article)
    return plain(summary or body), None

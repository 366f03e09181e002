"""Snippets: a short passage of plain text with the matched words in <mark>.

Built from the stored plain text (sanitised body, attachment text) and escaped
piece by piece, so nothing from a body or a file can become markup.
"""

import functools

from django.utils.html import escape
from django.utils.safestring import mark_safe

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


def for_article(article, tokens):
    """(snippet, attachment name or None): where the reader's words were found."""
    document = getattr(article, "search_document", None)
    body = document.body_text if document else ""
    for text in (article.summary, body):
        snippet = find(text, tokens)
        if snippet:
            return snippet, None
    if not _word_tokens(article.title) & tokens:
        for attachment in article.attachments.all():
            try:
                text = attachment.search_text.text
            except AttachmentText.DoesNotExist:
                continue
            snippet = find(text, tokens)
            if snippet:
                return snippet, attachment.download_name
    return plain(article.summary or body), None

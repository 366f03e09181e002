"""A reader's query, parsed websearch-style and tokenised like the documents.

Words are required (AND), `"quoted words"` must be adjacent, `-word` or
`-"a phrase"` excludes. A word that the tokeniser splits (`한미동맹`,
`north-korea`) is a phrase of its parts. Anything else (operators, `%`, `_`,
backslashes, control characters, unbalanced quotes) is just text: it either
yields tokens or is ignored. The backends render the parsed terms into their
own syntax from tokens only, never from the raw input.
"""

import functools
import re
from dataclasses import dataclass, field

from .text import CONTROL
from .tokenizer import tokenize

MAX_QUERY = 200  # characters searched; longer queries are cut
MAX_TERMS = 16
PART = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
SAFE = re.compile(r"[^\w]")


def clean_query(raw):
    """The query as it will be searched (and shown): single-spaced, cut to MAX_QUERY."""
    text = CONTROL.sub(" ", str(raw or ""))
    return " ".join(text.split())[:MAX_QUERY].strip()


@dataclass
class ParsedQuery:
    text: str
    include: list = field(default_factory=list)  # tuples of tokens (a phrase if > 1)
    exclude: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.include)

    @property
    def tokens(self):
        """Every token the reader is looking for (for snippets)."""
        return {token for term in self.include for token in term}


def parse(raw):
    """The query, parsed and tokenised (kept per process: Kiwi takes ~1 ms a word)."""
    return _parse(clean_query(raw))


@functools.lru_cache(maxsize=4096)
def _parse(text):
    query = ParsedQuery(text)
    for match in PART.finditer(query.text):
        negative = match.group(1) or match.group(3)
        words = match.group(2) if match.group(2) is not None else match.group(4)
        tokens = _tokens(words)
        if not tokens:
            continue
        target = query.exclude if negative else query.include
        if tokens not in target and len(query.include) + len(query.exclude) < MAX_TERMS:
            target.append(tokens)
    return query


@functools.lru_cache(maxsize=20_000)
def _tokens(words):
    """The tokens of one word or quoted phrase of a query: kept per process, since
    new queries are mostly new pairings of words asked before."""
    return tuple(t for t in (SAFE.sub("", token) for token in tokenize(words)) if t)


def to_tsquery(query):
    """PostgreSQL tsquery text (cast with ::tsquery, no parser in between)."""

    def term(tokens):
        inner = " <-> ".join(f"'{token}'" for token in tokens)
        return f"({inner})"

    parts = [term(t) for t in query.include] + [f"!{term(t)}" for t in query.exclude]
    return " & ".join(parts)


def to_rank_tsquery(query):
    """The tsquery ts_rank ranks by: every token the reader wants, OR'd (excluded
    words and phrase adjacency only decide what matches).

    With `&` or `<->` between terms, ts_rank weighs every pair of positions of
    every pair of terms (calc_rank_and): its cost grows with the square of the
    positions and of the terms. Four words each 255 times in a long full text
    took 2.4 ms a document; on the bench's 10,000 articles the results
    statement took 15-17 ms, 22-25 ms with a compound (a phrase) in the query.
    With `|` ts_rank reads each term's positions once (calc_rank_or): 6 µs a
    long document, 9-13 ms for that statement. It ranks by the same weights,
    title > summary > body > attachments, then by how often the words occur,
    as SQLite's bm25 does; how near they are to each other no longer counts.
    """
    tokens = dict.fromkeys(token for term in query.include for token in term)
    return " | ".join(f"'{token}'" for token in tokens)


def to_fts5(query):
    """SQLite FTS5 MATCH expression."""

    def term(tokens):
        return '"' + " ".join(tokens) + '"'

    expression = "(" + " AND ".join(term(t) for t in query.include) + ")"
    for tokens in query.exclude:
        expression += f" NOT {term(tokens)}"
    return expression

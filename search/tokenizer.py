"""One tokeniser for documents and queries, so both are processed identically.

Korean runs go through Kiwi (kiwipiepy): content morphemes are kept (nouns,
verb and adjective stems, roots, numbers, hanja), particles and endings are
dropped, so `동맹은`, `동맹을`, `동맹의` all give `동맹` and `한미동맹` gives
`한미 동맹`. Other words are lowercased, stripped of accents and stemmed with
the Snowball English stemmer (`sanctions` -> `sanction`). The result is a list
of plain alphanumeric tokens; backends store and query them as they are
(PostgreSQL `simple` tsvector literals, SQLite FTS5 unicode61).
"""

import functools
import logging
import os
import re
import threading
import time
import unicodedata

logger = logging.getLogger(__name__)

HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
WORD = re.compile(rf"(?P<ko>[{HANGUL}]+)|(?P<other>[^\W_{HANGUL}]+)")
KEEP_TAGS = ("NNG", "NNP", "NR", "VV", "VA", "XR", "SH", "SN", "SL", "UN")
MAX_TOKEN = 60

_kiwi = None
_lock = threading.Lock()
memory_report = {}


def _rss_mb():
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
    except OSError:
        return None
    return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


def kiwi():
    """The Korean analyser: loaded once per process, on first use (~1-3 s)."""
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                before, started = _rss_mb(), time.monotonic()
                # Without the typo and multi-word dictionaries: 40% less memory,
                # and multi-word names stay split into their parts.
                analyser = Kiwi(load_typo_dict=False, load_multi_dict=False)
                analyser.tokenize("한국어")  # the model loads lazily; load it now
                memory_report.update(
                    rss_before_mb=before,
                    rss_after_mb=_rss_mb(),
                    seconds=round(time.monotonic() - started, 2),
                )
                logger.info("Kiwi loaded: %s", memory_report)
                _kiwi = analyser
    return _kiwi


def _strip_accents(word):
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@functools.lru_cache(maxsize=50_000)
def _latin(word):

    word = _strip_accents(word).lower()
    if not word.isalpha() or not word.isascii():
        return [part for part in re.findall(r"[^\W_]+", word) if part]
    return [_english().stemWord(word)]


@functools.cache
def _english():
    from snowballstemmer import stemmer

    return stemmer("english")


def _keep(token):
    if token.tag not in KEEP_TAGS:
        return []
    if token.tag == "SL":
        return _latin(token.form)
    return [token.form]


def _pieces(text):
    """The text as ("ko", run) and ("other", word) pieces, in order.

    A Korean run keeps the punctuation between its words (Kiwi reads sentences
    better, and faster, with their full stops) and ends at the next word that
    is not Korean, which the English path tokenises.
    """
    start = end = None
    for match in WORD.finditer(text or ""):
        if match.lastgroup == "ko":
            start = match.start() if start is None else start
            end = match.end()
            continue
        if start is not None:
            yield "ko", text[start:end]
            start = None
        yield "other", match.group()
    if start is not None:
        yield "ko", text[start:end]


def tokenize_many(texts):
    """The search tokens of each text, in order: Kiwi reads all their Korean at once
    (on all cores), which is how rebuild_search_index indexes a batch."""
    pieces = [list(_pieces(text)) for text in texts]
    runs = [run for found in pieces for kind, run in found if kind == "ko"]
    analysed = iter(kiwi().tokenize(runs) if runs else ())
    results = []
    for found in pieces:
        tokens = []
        for kind, piece in found:
            if kind == "ko":
                tokens.extend(token for morph in next(analysed) for token in _keep(morph))
            else:
                tokens.extend(_latin(piece))
        results.append([token[:MAX_TOKEN] for token in tokens if token])
    return results


def tokenize(text):
    """The search tokens of a text, in order."""
    return tokenize_many([text])[0]

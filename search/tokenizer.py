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


def _korean(text):
    tokens = []
    for token in kiwi().tokenize(text):
        if token.tag in KEEP_TAGS:
            if token.tag == "SL":
                tokens.extend(_latin(token.form))
            else:
                tokens.append(token.form)
    return tokens


def tokenize(text):
    """The search tokens of a text, in order."""
    tokens, korean = [], []
    for match in WORD.finditer(text or ""):
        if match.lastgroup == "ko":
            korean.append(match.group())
            continue
        if korean:
            tokens.extend(_korean(" ".join(korean)))
            korean = []
        tokens.extend(_latin(match.group()))
    if korean:
        tokens.extend(_korean(" ".join(korean)))
    return [token[:MAX_TOKEN] for token in tokens if token]


def has_hangul(text):
    return bool(re.search(f"[{HANGUL}]", text or ""))

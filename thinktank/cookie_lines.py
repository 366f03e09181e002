"""Set-Cookie lines exactly as Django's HttpResponse.set_cookie writes them, without a response.

publications.fast_path.FastPathApp answers a cached article page with a
fresh CSRF cookie and, for a new reader, a fresh hit cookie on every view.
Writing each through an HttpResponse and http.cookies costs about 10 µs a
cookie, a few percent of the whole answer. Here Django writes the line once
per cookie's attributes (and per second when it has a max_age, since the
line then carries an expiry date) around a placeholder value, and each view
puts its own value in place. A value http.cookies would quote (none of this
project's are) gets its line from Django in full.
"""

import functools
import re
import time

from django.http import HttpResponse

_PLACEHOLDER = "ttcookievalue"
# http.cookies' _LegalChars: a value made of these is written as it is.
_WRITTEN_AS_IS = re.compile(r"[\w!#$%&'*+\-.^`|~:]+", re.ASCII)


def set_cookie_line(key, value, **set_cookie_kwargs):
    """The header value `response.set_cookie(key, value, **set_cookie_kwargs)` would send."""
    if not _WRITTEN_AS_IS.fullmatch(value):
        return _written_by_django(key, value, set_cookie_kwargs)
    dated = set_cookie_kwargs.get("max_age") is not None
    before, after = _around_value(
        key, int(time.time()) if dated else None, *sorted(set_cookie_kwargs.items())
    )
    return before + value + after


@functools.lru_cache(maxsize=64)
def _around_value(key, _second, *set_cookie_items):
    line = _written_by_django(key, _PLACEHOLDER, dict(set_cookie_items))
    before, after = line.split(_PLACEHOLDER)
    return before, after


def _written_by_django(key, value, set_cookie_kwargs):
    response = HttpResponse()
    response.set_cookie(key, value, **set_cookie_kwargs)
    return response.cookies[key].OutputString()

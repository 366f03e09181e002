"""django.middleware.csrf.get_token, with a faster source of random characters.

A cached page gets a fresh CSRF token on every view (publications.page_cache),
usually for a reader without a CSRF cookie: a new secret and a new mask, 64
random characters. Django draws them one `secrets.choice` at a time (~70 µs a
token, an eighth of a cached page's whole cost); here they come from one
os.urandom call mapped onto the same alphabet. Bytes of 248 and above are
dropped before mapping (248 = 4 x 62), so every character stays equally
likely. The token has Django's format exactly (mask + secret enciphered by
the mask), so CsrfViewMiddleware checks it as its own.
"""

import os

from django.conf import settings
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH

from .cookie_lines import set_cookie_line

_ALPHABET_SIZE = len(CSRF_ALLOWED_CHARS)
_TO_ALPHABET = bytes(ord(CSRF_ALLOWED_CHARS[b % _ALPHABET_SIZE]) for b in range(256))
_BIASED = bytes(range(256 - 256 % _ALPHABET_SIZE, 256))
# (secret character, mask character) -> their enciphered character, as Django's
# _mask_cipher_secret computes it one index sum at a time.
_ENCIPHERED = {
    (secret, pad): CSRF_ALLOWED_CHARS[(n + m) % _ALPHABET_SIZE]
    for n, secret in enumerate(CSRF_ALLOWED_CHARS)
    for m, pad in enumerate(CSRF_ALLOWED_CHARS)
}


def random_string(length=CSRF_SECRET_LENGTH):
    """`length` characters of CSRF_ALLOWED_CHARS, each uniformly random."""
    drawn = b""
    while len(drawn) < length:
        drawn += os.urandom(length + 8).translate(_TO_ALPHABET, _BIASED)
    return drawn[:length].decode()


def mask(secret):
    """The token for `secret`: a fresh mask, then the secret shifted by it (Django's cipher)."""
    pad = random_string(len(secret))
    return pad + "".join(map(_ENCIPHERED.__getitem__, zip(secret, pad, strict=True)))


def get_token(request):
    """A CSRF token for this request, as django.middleware.csrf.get_token gives it."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = request.META["CSRF_COOKIE"] = random_string()
    # The cookie is sent (new) or renewed, as Django does when a token is used.
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    return mask(secret)


def cookie_line(request):
    """The Set-Cookie header value CsrfViewMiddleware.process_response adds for this request.

    For an answer built without a response (publications.fast_path); the
    same attributes as Django's _set_csrf_cookie (CSRF_USE_SESSIONS is not
    used by this project: cached pages are served without sessions).
    """
    return set_cookie_line(
        settings.CSRF_COOKIE_NAME,
        request.META["CSRF_COOKIE"],
        max_age=settings.CSRF_COOKIE_AGE,
        domain=settings.CSRF_COOKIE_DOMAIN,
        path=settings.CSRF_COOKIE_PATH,
        secure=settings.CSRF_COOKIE_SECURE,
        httponly=settings.CSRF_COOKIE_HTTPONLY,
        samesite=settings.CSRF_COOKIE_SAMESITE,
    )

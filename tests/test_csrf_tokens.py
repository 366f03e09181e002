"""CSRF tokens for cached pages (thinktank.csrf_tokens): Django's format, a faster source."""

import collections

from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    CSRF_TOKEN_LENGTH,
    _unmask_cipher_token,
)
from django.test import RequestFactory

from thinktank.csrf_tokens import get_token, random_string


def test_a_reader_without_a_cookie_gets_a_new_secret_and_a_token_django_accepts():
    request = RequestFactory().get("/")
    token = get_token(request)
    secret = request.META["CSRF_COOKIE"]
    assert len(secret) == CSRF_SECRET_LENGTH and len(token) == CSRF_TOKEN_LENGTH
    assert set(token) <= set(CSRF_ALLOWED_CHARS)
    assert _unmask_cipher_token(token) == secret
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True


def test_a_reader_with_a_cookie_keeps_its_secret_under_a_new_mask_each_time():
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = "a" * CSRF_SECRET_LENGTH
    first, second = get_token(request), get_token(request)
    assert first != second
    assert _unmask_cipher_token(first) == _unmask_cipher_token(second) == "a" * CSRF_SECRET_LENGTH


def test_every_character_of_the_alphabet_is_about_equally_likely():
    counts = collections.Counter(random_string(62_000))
    assert set(counts) == set(CSRF_ALLOWED_CHARS)
    # 1,000 expected each; a modulo bias (bytes 248-255 kept) would push the
    # first eight characters to about 1,125.
    assert max(counts.values()) < 1_110 and min(counts.values()) > 890

"""thinktank.cookie_lines: Set-Cookie lines without a response, as Django writes them."""

import time

import pytest
from django.http import HttpResponse

from thinktank.cookie_lines import set_cookie_line


def written_by_django(key, value, **kwargs):
    response = HttpResponse()
    response.set_cookie(key, value, **kwargs)
    return response.cookies[key].OutputString()


@pytest.fixture
def frozen_clock(monkeypatch):
    """A fixed time.time(), the same for Django's line and ours (expiry dates)."""
    monkeypatch.setattr(time, "time", lambda: 1_800_000_000.25)


@pytest.mark.parametrize(
    "value, kwargs",
    [
        ("loG9rt3F7nN4Ehpw9firU6WDzalPuBIY", {"path": "/", "samesite": "Lax"}),
        ("2.1795949435-7.1795949500", {"max_age": 86400, "httponly": True, "samesite": "Lax"}),
        ("abc", {"max_age": 60, "secure": True, "domain": "example.org", "samesite": "Strict"}),
        ("abc", {"expires": "Thu, 01 Jan 2032 00:00:00 GMT", "path": "/en/"}),
        ("", {}),
        ('needs "quoting"; here', {"httponly": True}),
        ("한국어", {"max_age": 10}),
    ],
)
def test_a_line_is_the_one_django_writes(frozen_clock, value, kwargs):
    assert set_cookie_line("tt_cookie", value, **kwargs) == written_by_django(
        "tt_cookie", value, **kwargs
    )


def test_an_expiry_date_follows_the_clock(monkeypatch):
    now = [1_800_000_000.0]
    monkeypatch.setattr(time, "time", lambda: now[0])
    first = set_cookie_line("tt_seen", "1.2", max_age=86400)
    now[0] += 3600
    later = set_cookie_line("tt_seen", "1.2", max_age=86400)
    assert later == written_by_django("tt_seen", "1.2", max_age=86400)
    assert later != first

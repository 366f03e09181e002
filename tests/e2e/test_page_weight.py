"""Page weight: an article with its fonts, CSS and JS, first view and repeat view.

Bytes are counted as production sends them: what the browser fetched over the
network (Chromium's own record, through the DevTools protocol), text types
gzip-compressed as WhiteNoise and nginx serve them, woff2 as it is. Static files
carry WhiteNoise's year-long Cache-Control for hashed names (added here to the
test server's static handler, which sends none), so a repeat view fetches only
the page.
"""

import gzip
import urllib.request
from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FIRST_VIEW_BUDGET = 300 * 1024
REPEAT_VIEW_BUDGET = 30 * 1024
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")
STATIC_CACHE = "max-age=315360000, public, immutable"


@pytest.fixture
def static_cached(monkeypatch):
    """Static files with the Cache-Control WhiteNoise gives hashed names in production."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    serve = StaticFilesHandler.serve

    def serve_cached(self, request):
        response = serve(self, request)
        response["Cache-Control"] = STATIC_CACHE
        return response

    monkeypatch.setattr(StaticFilesHandler, "serve", serve_cached)


def _compressed_size(url, content_type, cookies):
    request = urllib.request.Request(url, headers={"Cookie": cookies})
    with urllib.request.urlopen(request) as answer:
        body = answer.read()
    if content_type.startswith(TEXT_TYPES):
        return len(gzip.compress(body, compresslevel=6))
    return len(body)


class Transfers:
    """Every request the page sent over the network (not from the cache), via CDP."""

    def __init__(self, page):
        self.page = page
        self.session = page.context.new_cdp_session(page)
        self.session.send("Network.enable")
        self.session.send("Network.setCacheDisabled", {"cacheDisabled": False})
        self.requests = {}
        self.cached = set()
        self.session.on("Network.responseReceived", self._received)
        self.session.on("Network.requestServedFromCache", lambda e: self.cached.add(e["requestId"]))

    def _received(self, event):
        response = event["response"]
        if response.get("fromDiskCache") or response.get("fromPrefetchCache"):
            self.cached.add(event["requestId"])
        self.requests[event["requestId"]] = (response["url"], response.get("mimeType", ""))

    def reset(self):
        self.requests.clear()
        self.cached.clear()

    def fetched(self):
        return [r for rid, r in self.requests.items() if rid not in self.cached]

    def weight(self):
        cookies = "; ".join(f"{c['name']}={c['value']}" for c in self.page.context.cookies())
        return {
            url: _compressed_size(url, mime, cookies)
            for url, mime in self.fetched()
            if not url.startswith("data:")
        }


def _view(page, transfers, url):
    transfers.reset()
    page.goto(url, wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    return transfers.weight()


@pytest.mark.parametrize("language", ["en", "ko"])
def test_article_page_weight_first_and_repeat_view(
    chromium, live_server, site, static_cached, language
):
    page = chromium()
    transfers = Transfers(page)
    article = site.english if language == "en" else site.korean
    url = live_server.url + article.get_absolute_url()

    first = _view(page, transfers, url)
    assert any(u.endswith(".woff2") for u in first), "no web font was loaded"
    assert any(u.endswith(".css") for u in first) and any(u.endswith(".js") for u in first)
    origins = {urlsplit(u).netloc for u in first}
    assert origins == {urlsplit(live_server.url).netloc}, f"third-party requests: {origins}"
    total = sum(first.values())
    print(f"{language} article, first view: {total} bytes in {len(first)} requests")
    assert total < FIRST_VIEW_BUDGET, f"first view {total} bytes: {sorted(first.items())}"

    repeat = _view(page, transfers, url)
    total = sum(repeat.values())
    print(f"{language} article, repeat view: {total} bytes in {len(repeat)} requests")
    assert total < REPEAT_VIEW_BUDGET, f"repeat view {total} bytes: {sorted(repeat.items())}"
    assert not any("/static/" in u for u in repeat), sorted(repeat)

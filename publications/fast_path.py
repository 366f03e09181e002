"""Cached public pages, answered before the rest of the middleware stack runs.

Near the top of settings.MIDDLEWARE (after the request log and the proxy
headers): an anonymous GET or HEAD (page_cache.may_share) whose page is in
the cache is answered from there, with the headers the whole stack gave the
page when it was rendered (CSP, Permissions-Policy, X-Frame-Options,
Referrer-Policy, HSTS ...) and its per-view values made fresh: the hit
count (counted as the article view would), the CSRF token and its cookie
(as CsrfViewMiddleware would set them) and the values registered with
page_cache.per_view_value. Any other request, or a page not in the cache,
goes through the whole stack; a page the view marked as shared is kept on
its way back.

FastPathApp, around Django's WSGI handler (thinktank.wsgi), answers the
most frequent of these requests, an article page this process has served
before (counted_lookup keeps a copy), before Django's handler starts: no
request signals, no middleware chain. It gives the same answer the
middleware would (it calls the same replay) and does the work of the two
middlewares above this one: the request's id and log line, and the proxy
header check.

Both kinds of answer carry the same validators: an ETag (and Last-Modified
for pages without per-view values) and a Cache-Control that lets a browser
or a CDN keep the page and revalidate it (conditional GET, 304).
"""

import hashlib
import time

from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from thinktank import csrf_tokens, request_log
from thinktank.middleware import forget_untrusted_proxy_headers

from . import counted_lookup, hits, page_cache

# Pages with per-view values are one reader's; the rest any cache may keep.
PER_VIEW_CACHE_CONTROL = "private, no-cache"
SHARED_CACHE_CONTROL = "public, no-cache"


class FastPathMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # Only its cookie handling is used: the secret from the request's
        # cookie, and the cookie set on the response when the token is used.
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        key = page_cache.page_key(request) if page_cache.may_share(request) else None
        if key is None:
            return self.get_response(request)
        counted = counted_lookup.lookup(request, key)
        if counted is not None:
            return self.replay(request, *counted)
        entry, generation = page_cache.lookup(request, key)
        if entry is not None:
            counted_lookup.learn(key, entry)
            return self.replay(request, entry)
        response = self.get_response(request)
        entry = page_cache.store(request, key, response, generation)
        if entry is None:
            return response
        counted_lookup.learn(key, entry)
        return _with_validators(request, response, entry, response.shared_page.values)

    def replay(self, request, entry, shown=None, seen_cookie=None):
        """The page of `entry` for this request, as the whole stack would have answered it.

        `shown` and `seen_cookie`: the hit count and the reader's new cookie
        when the view was already counted with the lookup (counted_lookup).
        """
        if entry.article_id is not None and shown is None:
            shown, seen_cookie = hits.register_view(request, entry.article_id, is_public=True)
        values = self.fresh_values(request, entry, shown)
        response = HttpResponse(entry.fill(values), charset=entry.charset)
        for name, value in entry.headers:
            response[name] = value
        response["Content-Length"] = str(len(response.content))
        hits.remember(response, seen_cookie)
        if "csrf_token" in entry.names:
            self.csrf.process_response(request, response)
        return _with_validators(request, response, entry, values)

    def fresh_values(self, request, entry, shown):
        """This view's values for the stand-ins of `entry` (`shown`: its hit count)."""
        values = {}
        if entry.article_id is not None:
            values[page_cache.HITS] = str(shown)
        if "csrf_token" in entry.names:
            self.csrf.process_request(request)  # the secret from the reader's cookie
        values |= page_cache.fresh_values(request, names=entry.names)
        return values


class FastPathApp:
    """WSGI: Django's application, with cached article pages answered before its handler.

    Handles only a GET for a page in counted_lookup's copies, as
    FastPathMiddleware would (same lookup, same values, same headers); every
    other request, and a page that is no longer current, goes to Django
    unchanged. A GET without conditional headers (nearly all of them) is
    written straight to WSGI: status, header list, body, without an
    HttpResponse, which saves the response object, its header checks and its
    cookie rendering (thinktank.cookie_lines writes the same cookie lines).
    """

    def __init__(self, django_application):
        self.django_application = django_application
        self.middleware = FastPathMiddleware(django_application)

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "GET" and counted_lookup.has_copies():
            request = WSGIRequest(environ)
            with request_log.named(request) as started:
                answer = self.answer(request)
                if answer is not None:
                    status, headers, body = answer
                    request_id = request_log.log_line(request, int(status[:3]), started)
                    headers.append((request_log.HEADER, request_id))
                    start_response(status, headers)
                    return [body]
        return self.django_application(environ, start_response)

    def answer(self, request):
        """(status line, headers, body) for this request, or None to let Django answer."""
        forget_untrusted_proxy_headers(request)
        if not page_cache.may_share(request):
            return None
        key = page_cache.page_key(request)
        counted = counted_lookup.lookup(request, key) if key is not None else None
        if counted is None:
            return None
        if _CONDITIONAL.intersection(request.META):  # may be a 304: Django decides
            response = self.middleware.replay(request, *counted)
            # Its parts, not the response: the response's close() would send
            # request_finished for a request that never started.
            return _status_line(response), _wsgi_headers(response), response.content
        return self.written(request, *counted)

    def written(self, request, entry, shown, seen_cookie):
        """What `FastPathMiddleware.replay` answers (no conditional headers), as WSGI parts."""
        values = self.middleware.fresh_values(request, entry, shown)
        body = entry.fill(values)
        headers = [
            *entry.headers,
            ("Content-Length", str(len(body))),
            *_validators(request, entry, values),
        ]
        if seen_cookie is not None:
            headers.append(("Set-Cookie", hits.cookie_line(seen_cookie)))
        if "csrf_token" in entry.names:
            # The entry's Vary already names Cookie: the stack that rendered
            # the page set this cookie too.
            headers.append(("Set-Cookie", csrf_tokens.cookie_line(request)))
        return "200 OK", headers, body  # entries are kept only of 200 answers


# Request headers that can turn an answer into a 304 or a 412.
_CONDITIONAL = {
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
}


def _status_line(response):
    return f"{response.status_code} {response.reason_phrase}"


def _wsgi_headers(response):
    """The header list Django's WSGIHandler would send for `response`."""
    cookies = [("Set-Cookie", cookie.OutputString()) for cookie in response.cookies.values()]
    return [*response.items(), *cookies]


def _validators(request, entry, values):
    """Cache-Control, ETag and (for pages without per-view values) Last-Modified."""
    if entry.names:
        etag = f'W/"{entry.etag}-{_per_view_tag(request, entry, values)}"'
        return [("Cache-Control", PER_VIEW_CACHE_CONTROL), ("ETag", etag)]
    return [
        ("Cache-Control", SHARED_CACHE_CONTROL),
        ("ETag", f'"{entry.etag}"'),
        ("Last-Modified", http_date(int(entry.modified))),
    ]


def _with_validators(request, response, entry, values):
    """`response` with its validators; 304 when the reader's copy is current."""
    for name, value in _validators(request, entry, values):
        response[name] = value
    return get_conditional_response(
        request,
        etag=response["ETag"],
        last_modified=None if entry.names else int(entry.modified),
        response=response,
    )


def _per_view_tag(request, entry, values):
    """What a reader's copy of a per-view page depends on.

    The hit count it shows, the CSRF cookie its token was made for, and,
    for values that stop being good after a while (the mail form's start
    time), the half of their lifetime we are in: a copy is reused only while
    what it carries is still good.
    """
    parts = [values.get(page_cache.HITS, ""), request.META.get("CSRF_COOKIE", "")]
    lasts = page_cache.shortest_life(entry.names)
    if lasts:
        parts.append(str(int(time.time() // max(1, lasts // 2))))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]

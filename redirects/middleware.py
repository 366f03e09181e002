"""Old addresses answer 301 with their new one: only when nothing else answered (404).

Like django.contrib.redirects' fallback: a page that exists never looks a
redirect up, so normal pages pay nothing; an unknown address costs one query.
"""

from django.http import HttpResponsePermanentRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from .lookup import find


class RedirectFallbackMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        if request.path.startswith("/admin/") or _has_control_characters(request.path):
            return response  # no stored address has them (the database refuses NUL)
        target = find(request.path, request.META.get("QUERY_STRING", ""))
        if target is None or target == request.get_full_path():
            return response
        # Forms refuse other hosts; this also holds for rows written around them.
        if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
            return response
        return HttpResponsePermanentRedirect(target)


def _has_control_characters(text):
    return any(ord(ch) < 32 or ord(ch) == 127 for ch in text)

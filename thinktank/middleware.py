"""Security headers that Django's settings do not cover, and proxy headers we believe."""

from csp.constants import NONE, SELF

from .client import is_trusted_proxy

# Off for every page: nothing here needs a camera, a microphone or a location.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    )
)

# The admin's rich-text editor (CKEditor 4) sets inline styles and loads its
# plugins' scripts dynamically; editors are staff behind a login, and the
# public pages keep the strict policy.
ADMIN_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF, "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],  # CKEditor frames its own editing area
}


class SecurityHeadersMiddleware:
    """Permissions-Policy everywhere; the admin's own Content-Security-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.path.startswith("/admin/"):
            response._csp_config = ADMIN_POLICY  # read by csp.middleware.CSPMiddleware
        return response


class TrustedProxyHeadersMiddleware:
    """X-Forwarded-Proto counts only when one of TRUSTED_PROXIES sent it.

    SECURE_PROXY_SSL_HEADER believes the header from anyone; should gunicorn
    ever be reachable without nginx in front, a client could claim https.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        forget_untrusted_proxy_headers(request)
        return self.get_response(request)


def forget_untrusted_proxy_headers(request):
    """Drop X-Forwarded-Proto unless a trusted proxy sent the request.

    Also called by publications.fast_path.FastPathApp, which answers some
    pages before the middleware runs.
    """
    if not is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
        request.META.pop("HTTP_X_FORWARDED_PROTO", None)

"""The project's settings as tests/test_nginx.py runs them behind nginx.

Two additions, both what a production site behind TLS-terminating nginx
wants: Django reads the scheme from nginx's X-Forwarded-Proto, and sends any
request that arrives as plain HTTP to HTTPS (which makes "Django saw https"
observable). Static files are plain StaticFilesStorage, as in the rest of the
suite, so no collectstatic is needed for the pages to render.
"""

from thinktank.settings import *  # noqa: F403

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

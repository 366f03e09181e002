"""How /media/images/ (the images in article bodies) is served, by environment.

- Object storage (AWS_STORAGE_BUCKET_NAME): a redirect to a short-lived signed
  URL of the image in the bucket.
- Local folders in production: the web server serves MEDIA_ROOT/images
  (deploy/nginx), so Django routes nothing.
- DEBUG (`make run`): Django's static file view, for convenience only.

Attachments are never served from here: they go through the counted download view.
"""

import posixpath

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponseRedirect
from django.urls import path
from django.views.decorators.http import require_safe
from django.views.static import serve

SIGNED_IMAGE_URL_SECONDS = 3600


@require_safe
def image_in_bucket(request, path):
    name = posixpath.normpath(path)
    if name.startswith(("../", "/")) or name in {".", ".."} or "\x00" in name:
        raise Http404
    response = HttpResponseRedirect(
        default_storage.url(f"images/{name}", expire=SIGNED_IMAGE_URL_SECONDS)
    )
    # Browsers may reuse the redirect while its signature is still good.
    response["Cache-Control"] = f"public, max-age={SIGNED_IMAGE_URL_SECONDS // 2}"
    return response


def media_urlpatterns():
    if settings.AWS_STORAGE_BUCKET_NAME:
        return [path("media/images/<path:path>", image_in_bucket, name="media_image")]
    if settings.DEBUG:
        return [
            path(
                "media/images/<path:path>",
                serve,
                {"document_root": settings.MEDIA_ROOT / "images"},
                name="media_image",
            )
        ]
    return []

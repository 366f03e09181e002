"""/media/images/: Django's file view under DEBUG only; a signed redirect with a bucket."""

import pytest
from django.http import Http404
from django.test import override_settings
from django.urls import URLResolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern

from thinktank.media import image_in_bucket, media_urlpatterns

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x03\x00\x08\xfc\x02\xfe\xa7\x9a"
    b"\xa0\xa0\x00\x00\x00\x00IEND\xaeB`\x82"
)


def routed(patterns, path):
    resolver = URLResolver(RegexPattern(r"^/"), patterns)
    try:
        return resolver.resolve(path)
    except Resolver404:
        return None


@override_settings(DEBUG=False, AWS_STORAGE_BUCKET_NAME="")
def test_production_with_local_files_routes_no_media_through_django():
    assert routed(media_urlpatterns(), "/media/images/chart.png") is None


@override_settings(DEBUG=True, AWS_STORAGE_BUCKET_NAME="")
def test_debug_serves_images_from_media_root(settings, rf):
    (settings.MEDIA_ROOT / "images").mkdir(parents=True)
    (settings.MEDIA_ROOT / "images" / "chart.png").write_bytes(PNG)
    match = routed(media_urlpatterns(), "/media/images/chart.png")
    response = match.func(rf.get("/media/images/chart.png"), *match.args, **match.kwargs)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG


@override_settings(DEBUG=False, AWS_STORAGE_BUCKET_NAME="bucket")
def test_with_a_bucket_images_go_through_the_signed_redirect():
    # What the redirect answers is tested on a real S3 API in test_storage_s3.py.
    assert routed(media_urlpatterns(), "/media/images/chart.png").func is image_in_bucket


@pytest.mark.parametrize("path", ["../private/pdf-cache/1/v.pdf", "a/../../x.png", "/etc/x.png"])
def test_the_bucket_redirect_never_leaves_the_images_prefix(rf, path):
    with pytest.raises(Http404):
        image_in_bucket(rf.get("/"), path)


def test_the_site_routes_media_as_its_settings_say():
    # The test settings run with DEBUG off and no bucket: nothing is routed.
    with pytest.raises(Resolver404):
        resolve("/media/images/chart.png")

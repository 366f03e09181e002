"""What readers are served carries no metadata: local files and the S3 bucket alike."""

import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from images import renditions
from images.models import Image
from tests.images import samples
from tests.test_media_route import routed
from tests.test_storage_s3 import bucket, s3_endpoint  # noqa: F401 (fixtures)
from thinktank.media import image_in_bucket, media_urlpatterns

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True, AWS_STORAGE_BUCKET_NAME="")
def test_the_served_image_and_renditions_have_no_gps(staff_client, rf):
    original = samples.jpeg_with_gps()
    assert samples.gps_of(original)
    data = {"upload": SimpleUploadedFile("IMG_0001.jpg", original)}
    answer = staff_client.post("/admin/images/image/upload/", data).json()
    image = Image.objects.get(pk=answer["id"])
    addresses = [answer["url"]] + [r.url for r in renditions.make_renditions(image)]
    for address in addresses:
        match = routed(media_urlpatterns(), address)
        response = match.func(rf.get(address), *match.args, **match.kwargs)
        served = b"".join(response.streaming_content)
        assert samples.gps_of(served) == {}, address
        assert b"SecretPhone" not in served


def test_in_the_bucket_the_served_image_has_no_gps(staff_client, bucket, rf):  # noqa: F811
    data = {"upload": SimpleUploadedFile("IMG_0001.jpg", samples.jpeg_with_gps())}
    answer = staff_client.post("/admin/images/image/upload/", data).json()
    assert answer["uploaded"] == 1
    image = Image.objects.get(pk=answer["id"])
    made = renditions.make_renditions(image)
    assert sorted(bucket.keys("media/images/")) == sorted(
        f"media/{name}" for name in [image.file.name] + [r.file.name for r in made]
    )
    for address in [answer["url"]] + [r.url for r in made]:
        path = address.removeprefix("/media/images/")
        response = image_in_bucket(rf.get(address), path)
        assert response.status_code == 302
        with urllib.request.urlopen(response["Location"]) as served:  # noqa: S310 (moto)
            data = served.read()
        assert samples.gps_of(data) == {}
        assert b"SecretPhone" not in data

"""Media and private files on S3-compatible object storage: a real S3 API (moto's server).

`make test` starts the server (bin/with-services, TEST_S3_ENDPOINT_URL); each
test gets a bucket of its own and the storages that settings.py builds for
AWS_STORAGE_BUCKET_NAME, so what is tested is what production runs.
"""

import os
import urllib.request
import uuid
import zipfile
from io import BytesIO
from urllib.parse import urlsplit

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from publications.models import Attachment
from publications.pdf import store
from publications.pdf.exports import run_export
from publications.pdf.models import PdfExportJob
from tests.factories import MINIMAL_PDF, ArticleFactory, AttachmentFactory
from tests.publications.test_uploads import admin_formset_data
from thinktank.media import image_in_bucket
from thinktank.s3 import bucket_origins, s3_storages
from thinktank.storage import private_storage

pytestmark = pytest.mark.django_db

CREDENTIALS = {"access_key": "test-key", "secret_key": "test-secret", "region": "us-east-1"}


@pytest.fixture
def s3_endpoint():
    url = os.environ.get("TEST_S3_ENDPOINT_URL")
    if not url:
        pytest.fail("TEST_S3_ENDPOINT_URL is not set: run the suite with `make test`.")
    return url


@pytest.fixture
def bucket(s3_endpoint, settings, tmp_path):
    """A fresh bucket, and the site's storages pointed at it; local folders stay empty."""
    name = f"thinktank-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"],
        region_name=CREDENTIALS["region"],
    )
    client.create_bucket(Bucket=name)
    media, private = s3_storages(name, endpoint_url=s3_endpoint, **CREDENTIALS)
    settings.STORAGES = {**settings.STORAGES, "default": media, "private": private}
    settings.MEDIA_ROOT = tmp_path / "no-media-here"
    settings.PRIVATE_ROOT = tmp_path / "no-private-here"

    class Bucket:
        def origins(self):
            return bucket_origins(name, endpoint_url=s3_endpoint, region=CREDENTIALS["region"])

        def keys(self, prefix=""):
            found = client.list_objects_v2(Bucket=name, Prefix=prefix).get("Contents", [])
            return [item["Key"] for item in found]

        def read(self, key):
            return client.get_object(Bucket=name, Key=key)["Body"].read()

    yield Bucket()
    assert not settings.MEDIA_ROOT.exists() and not settings.PRIVATE_ROOT.exists()


def test_an_attachment_uploaded_in_the_admin_lands_in_the_bucket(client, admin_user, bucket):
    client.force_login(admin_user)
    article = ArticleFactory()
    data = admin_formset_data(article)
    data["attachments-0-title"] = "The Full Text"
    data["attachments-0-file"] = SimpleUploadedFile("The Full Text.pdf", MINIMAL_PDF)
    response = client.post(f"/admin/publications/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    attachment = Attachment.objects.get()
    assert bucket.keys("media/") == [f"media/{attachment.file.name}"]
    assert bucket.read(f"media/{attachment.file.name}") == MINIMAL_PDF


def test_a_streamed_download_reads_the_bucket_and_counts(client, bucket):
    attachment = AttachmentFactory()
    response = client.get(reverse("publications:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    assert "attachment;" in response["Content-Disposition"]
    attachment.refresh_from_db()
    assert attachment.download_count == 1


def test_redirect_mode_counts_then_sends_a_short_lived_signed_url(client, bucket, settings):
    settings.ATTACHMENT_DOWNLOADS = "redirect"
    settings.ATTACHMENT_SIGNED_URL_SECONDS = 30
    attachment = AttachmentFactory(original_name="전문 The Full Text.pdf")
    response = client.get(reverse("publications:attachment", args=[attachment.pk]))
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(os.environ["TEST_S3_ENDPOINT_URL"])
    assert "Signature" in location and ("Expires=" in location or "X-Amz-Expires=30" in location)
    assert response["Cache-Control"] == "private, no-store"
    attachment.refresh_from_db()
    assert attachment.download_count == 1
    with urllib.request.urlopen(location, timeout=10) as signed:  # the object store answers
        assert signed.read() == MINIMAL_PDF
        assert signed.headers["Content-Disposition"].startswith("attachment;")


def test_rendered_pdfs_and_export_zips_go_to_the_private_prefix(staff_client, bucket):
    articles = [ArticleFactory(title=f"Stored Far Away {n}") for n in range(2)]
    response = staff_client.get(reverse("publications:article_pdf", args=[articles[0].pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert f"private/{store.stored_name(articles[0])}" in bucket.keys("private/pdf-cache/")

    job = PdfExportJob.objects.create(article_ids=[a.pk for a in articles], total=2)
    job = run_export(job.pk)
    assert job.status == PdfExportJob.Status.FINISHED, job.error
    assert f"private/{job.zip_file.name}" in bucket.keys("private/pdf-exports/")
    download = staff_client.get(reverse("admin:publications_pdfexportjob_download", args=[job.pk]))
    archive = zipfile.ZipFile(BytesIO(b"".join(download.streaming_content)))
    assert len(archive.namelist()) == 2
    assert not bucket.keys("media/")  # nothing private ever under the public prefix


def test_local_private_files_are_whole_and_readable_by_their_owner_only(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path / "private"
    name = private_storage().save("pdf-cache/1/v.pdf", ContentFile(b"%PDF-1.7 whole"))
    path = settings.PRIVATE_ROOT / name
    assert path.read_bytes() == b"%PDF-1.7 whole"
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert list(path.parent.iterdir()) == [path]  # no partial file left beside it


def test_article_images_redirect_to_a_signed_url_of_the_bucket(rf, bucket):
    default_storage.save("images/2026/chart.png", ContentFile(b"\x89PNG fake image"))
    response = image_in_bucket(rf.get("/media/images/2026/chart.png"), "2026/chart.png")
    assert response.status_code == 302
    with urllib.request.urlopen(response["Location"], timeout=10) as signed:
        assert signed.read() == b"\x89PNG fake image"


def test_pages_allow_images_from_where_the_image_redirect_points(rf, bucket):
    default_storage.save("images/2026/chart.png", ContentFile(b"\x89PNG fake image"))
    signed = urlsplit(image_in_bucket(rf.get("/"), "2026/chart.png")["Location"])
    assert f"{signed.scheme}://{signed.netloc}" in bucket.origins()

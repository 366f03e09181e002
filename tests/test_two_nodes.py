"""Two machines' worth of processes sharing only PostgreSQL, Redis and the object store.

Two gunicorn web processes and two Celery workers, each with local folders of
its own (MEDIA_ROOT, PRIVATE_ROOT, VAR_DIR), behind nothing but their ports:
an attachment uploaded through one web process downloads from the other, a
PDF export asked of one is rendered by whichever worker takes it and served
by the other, and a mail sent from a page on one goes out through a worker.
"""

import http.cookiejar
import re
import subprocess
import sys
import uuid
import zipfile
from io import BytesIO
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

import boto3
import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from publications.models import Attachment
from publications.pdf.models import PdfExportJob
from tests import services
from tests.factories import MINIMAL_PDF, ArticleFactory, SeriesFactory
from tests.publications.test_uploads import admin_formset_data

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"
PASSWORD = "two-nodes-Passw0rd"
S3 = {"AWS_ACCESS_KEY_ID": "test-key", "AWS_SECRET_ACCESS_KEY": "test-secret"}


class Node:
    """One machine: a gunicorn web process and a Celery worker with their own folders."""

    def __init__(self, name, env, tmp_path):
        self.name = name
        self.port = services.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = tmp_path / name
        self.env = {
            **env,
            "MEDIA_ROOT": str(self.folder / "media"),
            "PRIVATE_ROOT": str(self.folder / "private"),
            "VAR_DIR": str(self.folder / "var"),
        }
        self.web = None
        self.worker = services.Worker(self.env, tmp_path / f"{name}-worker.log")
        self.web_log = tmp_path / f"{name}-web.log"

    def start(self):
        with self.web_log.open("ab") as log:
            self.web = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "thinktank.wsgi", "-w", "1",
                 "-b", f"127.0.0.1:{self.port}"],
                cwd=services.ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        services.wait_for(
            lambda: services.answers(f"{self.url}/healthz"), timeout=60, what=f"{self.name} web"
        )
        self.worker.start()

    def stop(self):
        if self.web:
            self.web.terminate()
            self.web.wait(timeout=20)
        self.worker.stop()

    def local_files(self):
        """Files this machine wrote to its own folders for media or private files."""
        return [
            path
            for root in ("media", "private")
            if (self.folder / root).exists()
            for path in (self.folder / root).rglob("*")
            if path.is_file()
        ]


class Browser:
    """A person at a browser: cookies, CSRF tokens, forms. Cookies ignore ports,
    so a session made on one node is sent to the other too (sessions are in the
    shared database)."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.jar), NoRedirect)

    def open(self, url, data=None, headers=None):
        body = None
        if data is not None:
            body = data if isinstance(data, bytes) else urlencode(data, doseq=True).encode()
        request = Request(url, data=body, headers={"User-Agent": BROWSER, **(headers or {})})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.headers, response.read()
        except HTTPError as error:
            return error.code, error.headers, error.read()

    def csrf(self):
        return next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")

    def sign_in(self, node, username):
        self.open(f"{node.url}/admin/login/")
        status, headers, _ = self.open(
            f"{node.url}/admin/login/?next=/admin/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()},
        )
        assert status == 302 and headers["Location"] == "/admin/", f"sign-in on {node.name}"


class NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the tests look at each redirect themselves


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    body = "".join(parts).encode()
    for name, (filename, content) in files.items():
        body += (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    body += f"--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


@pytest.fixture
def cluster(tmp_path, settings, redis_url, smtp_server):
    endpoint = services.required(services.s3_endpoint)
    bucket = f"two-nodes-{uuid.uuid4().hex[:10]}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **{
        "aws_access_key_id": S3["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": S3["AWS_SECRET_ACCESS_KEY"],
    }).create_bucket(Bucket=bucket)  # fmt: skip
    redis_db = services.Broker(redis_url, 10)
    redis_db.flush()
    shared = services.worker_env(
        database_url=services.required(services.postgres_url, connection.settings_dict),
        broker_url=f"{redis_url}/10",
        CACHE_URL=f"{redis_url}/11",
        # DEBUG only spares a collectstatic per run (static files are local to
        # every machine anyway); storage, cache and broker are production's.
        DEBUG=1,
        SECRET_KEY="two-nodes-shared-secret",
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL="http://127.0.0.1",
        EMAIL_URL=smtp_server.url,
        EMAIL_TIMEOUT=5,
        MAILING_MIN_FILL_SECONDS=0,
        AWS_STORAGE_BUCKET_NAME=bucket,
        AWS_S3_ENDPOINT_URL=endpoint,
        AWS_S3_REGION_NAME="us-east-1",
        LOG_LEVEL="WARNING",
        **S3,
    )
    nodes = [Node("a", shared, tmp_path), Node("b", shared, tmp_path)]
    try:
        for node in nodes:
            node.start()
        yield nodes
    finally:
        for node in nodes:
            node.stop()
        redis_db.flush()


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        "desk", password=PASSWORD, is_staff=True, is_superuser=True
    )


def admin_change_form(article, csrf):
    return {
        **admin_formset_data(article),
        "csrfmiddlewaretoken": csrf,
        "attachments-0-title": "The Full Text",
    }


def test_uploads_exports_and_mail_cross_machines(cluster, editor, smtp_server):
    a, b = cluster
    article = ArticleFactory(series=SeriesFactory(slug="ifans-focus"), title="Shared Storage")
    browser = Browser()
    browser.sign_in(a, "desk")

    # An attachment uploaded through A...
    body, headers = multipart(
        admin_change_form(article, browser.csrf()),
        {"attachments-0-file": ("The Full Text.pdf", MINIMAL_PDF)},
    )
    status, _, page = browser.open(
        f"{a.url}/admin/publications/article/{article.pk}/change/", body, headers
    )
    assert status == 302, page.decode()[:3000]
    attachment = Attachment.objects.get(article=article)
    # ...downloads from B, counted.
    status, headers, data = Browser().open(f"{b.url}{attachment.get_absolute_url()}")
    assert (status, data) == (200, MINIMAL_PDF)
    attachment.refresh_from_db()
    assert attachment.download_count == 1

    # A PDF export asked of A is rendered by a worker and served by B (same session).
    status, headers, _ = browser.open(
        f"{a.url}/admin/publications/article/",
        {"action": "export_pdfs", "_selected_action": [article.pk], "index": "0",
         "csrfmiddlewaretoken": browser.csrf()},
    )  # fmt: skip
    assert status == 302
    job = PdfExportJob.objects.get()

    def finished():
        job.refresh_from_db()
        return not job.is_active

    services.wait_for(finished, timeout=120, what="the export on a worker")
    assert job.status == PdfExportJob.Status.FINISHED, job.error
    status, _, data = browser.open(f"{b.url}/admin/publications/pdfexportjob/{job.pk}/download/")
    assert status == 200
    [name] = zipfile.ZipFile(BytesIO(data)).namelist()
    assert name.endswith(".pdf")

    # A mail sent from the page on B goes out through a worker.
    reader = Browser()
    status, _, html = reader.open(f"{b.url}{article.get_absolute_url()}")
    assert status == 200
    started = re.search(rb'name="started" value="([^"]+)"', html).group(1).decode()
    address = re.search(rb'name="content_address" value="([^"]+)"', html).group(1).decode()
    status, _, answer = reader.open(
        f"{b.url}/en/mail/send/",
        {"recipient": "friend@example.org", "content_address": address,
         "title": "Read this", "message": "Worth reading.", "homepage": "",
         "started": started, "csrfmiddlewaretoken": reader.csrf()},
        headers={"Accept": "application/json", "Referer": f"{b.url}/"},
    )  # fmt: skip
    assert status == 200, answer.decode()[:2000]
    services.wait_for(lambda: smtp_server.received, timeout=60, what="the mail at the SMTP sink")
    [(_sender, recipients, message)] = smtp_server.received
    assert recipients == ["friend@example.org"]
    assert message["Subject"] == "[IFANS] Shared: Read this"

    # Nothing above touched a machine's own folders for media or private files.
    assert a.local_files() == [] and b.local_files() == []

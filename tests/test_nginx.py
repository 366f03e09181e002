"""deploy/nginx/thinktank.conf, for real: Debian's nginx in front of gunicorn.

The site config is rendered with loopback ports and temporary paths (and a
throwaway certificate) and run as a foreground nginx; gunicorn serves the
project on the test database with nginx as its trusted proxy. The tests
observe what a reader's browser and the database see: static files and
article images come from nginx's disk with their cache headers, attachments
only through the counted download view, the reader's address and HTTPS reach
Django.
"""

import gzip
import hashlib
import http.client
import json
import os
import socket
import ssl
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
import redis
from django.db import connection

from mailing.forms import sign_started
from mailing.models import Mail
from mailing.ratelimit import client_hash
from publications.models import Attachment
from tests.factories import ArticleFactory, AttachmentFactory
from tests.services import free_port, wait_for

ROOT = Path(__file__).resolve().parents[1]
SITE_CONFIG = ROOT / "deploy" / "nginx" / "thinktank.conf"
NGINX = "/usr/sbin/nginx"
BROKER_DB = 12
READER_ADDRESS = "127.0.0.2"  # any 127/8 address is loopback: the "reader" connects from here
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"

MAIN_CONFIG = """
{user}
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/thinktank.conf;
}}
"""


def render_site_config(replacements):
    """The deploy config with each production value replaced; each must occur exactly once."""
    text = SITE_CONFIG.read_text()
    for old, new in replacements.items():
        assert text.count(old) == 1, f"{SITE_CONFIG.name} should contain {old!r} once"
        text = text.replace(old, new)
    return text


def self_signed_certificate(tmp):
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


class Stack:
    """nginx (HTTP and HTTPS ports) in front of gunicorn; plain http.client requests."""

    def __init__(self, tmp, cert):
        self.tmp = tmp
        self.static_root = tmp / "static"
        self.media_root = tmp / "media"
        self.gunicorn_port, self.http_port, self.https_port = free_port(), free_port(), free_port()
        self.site_url = f"https://127.0.0.1:{self.https_port}"
        self.tls = ssl.create_default_context(cafile=str(cert))
        self.processes = []

    def request(self, method, path, *, via="https", source=None, headers=None, body=None):
        """(status, headers, body) of one request, without following redirects."""
        if via == "https":
            conn = http.client.HTTPSConnection(
                "127.0.0.1", self.https_port, context=self.tls, timeout=30,
                source_address=(source, 0) if source else None,
            )  # fmt: skip
        else:
            port = self.http_port if via == "http" else self.gunicorn_port
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request(
                method, path, body=body, headers={"User-Agent": BROWSER, **(headers or {})}
            )
            response = conn.getresponse()
            return response.status, response.headers, response.read()
        finally:
            conn.close()

    def answers(self, via):
        """Whether the server answers at all (gunicorn straight: HTTPS redirect)."""
        exited = [p.args[0] for p in self.processes if p.poll() is not None]
        if exited:
            pytest.fail(f"{exited} exited before answering; see the logs below")
        try:
            return self.request("GET", "/healthz", via=via)[0] in (200, 301)
        except OSError:
            return False

    def stop(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=5)


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker, tmp_path_factory):
    """nginx + gunicorn on the test database, for the whole module; stopped after."""
    if not os.path.exists(NGINX):
        pytest.fail("nginx is needed (bin/system-deps test installs Debian's package).")
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("The nginx tests need the PostgreSQL of `make test`.")
        db = connection.settings_dict
    redis_url = os.environ.get("TEST_REDIS_URL")
    if not redis_url:
        pytest.fail("TEST_REDIS_URL is not set: run the suite with `make test`.")

    tmp = tmp_path_factory.mktemp("nginx")
    cert, key = self_signed_certificate(tmp)
    stack = Stack(tmp, cert)
    stack.static_root.mkdir()
    (tmp / "gunicorn-static").mkdir()
    (stack.media_root / "images").mkdir(parents=True)
    stack.broker = redis.Redis.from_url(f"{redis_url.rstrip('/')}/{BROKER_DB}")
    stack.broker.flushdb()

    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.nginx_settings",
        "DEBUG": "0",
        "DATABASE_URL": f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CONN_MAX_AGE": "0",  # nothing holds the test database open between requests
        "CELERY_BROKER_URL": f"{redis_url.rstrip('/')}/{BROKER_DB}",
        "SITE_URL": stack.site_url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "VAR_DIR": str(tmp / "var"),
        # gunicorn's own static root stays empty: whatever /static/ serves comes from nginx.
        "STATIC_ROOT": str(tmp / "gunicorn-static"),
        "MEDIA_ROOT": str(stack.media_root),
        "MAILING_TRUSTED_PROXIES": "127.0.0.1",
        "TRUSTED_PROXIES": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    site = render_site_config(
        {
            "server 127.0.0.1:8000": f"server 127.0.0.1:{stack.gunicorn_port}",
            "listen 80;": f"listen 127.0.0.1:{stack.http_port};",
            "listen [::]:80;": "",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{stack.https_port} ssl http2;",
            "listen [::]:443 ssl http2;": "",
            "/etc/letsencrypt/live/publications.example.org/fullchain.pem": str(cert),
            "/etc/letsencrypt/live/publications.example.org/privkey.pem": str(key),
            "alias /srv/thinktank/static/;": f"alias {stack.static_root}/;",
            "alias /srv/thinktank/media/images/;": f"alias {stack.media_root}/images/;",
        }
    )
    (tmp / "thinktank.conf").write_text(site)
    # As root, nginx's workers would run as nobody, who cannot enter pytest's private tmp.
    user = "user root;" if os.geteuid() == 0 else ""
    (tmp / "nginx.conf").write_text(MAIN_CONFIG.format(tmp=tmp, user=user))
    nginx = [NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-e", str(tmp / "error.log")]
    check = subprocess.run([*nginx, "-t"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr

    log = open(tmp / "gunicorn.log", "ab")  # noqa: SIM115 - closed below
    stack.processes.append(
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "thinktank.wsgi",
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{stack.gunicorn_port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    )
    stack.processes.append(subprocess.Popen([*nginx, "-g", "daemon off;"], cwd=tmp))
    try:
        wait_for(lambda: stack.answers("gunicorn"), timeout=60, what="gunicorn")
        wait_for(lambda: stack.answers("https"), timeout=30, what="nginx")
        yield stack
    finally:
        stack.stop()
        log.close()
        stack.broker.flushdb()
        print(f"--- gunicorn.log ---\n{(tmp / 'gunicorn.log').read_text()[-3000:]}")
        print(f"--- nginx error.log ---\n{(tmp / 'error.log').read_text()[-3000:]}")


@pytest.fixture
def site(stack, transactional_db, settings):
    """The stack, with this process writing files where gunicorn and nginx read them."""
    settings.MEDIA_ROOT = stack.media_root
    settings.SITE_URL = stack.site_url
    return stack


def test_hashed_static_files_are_served_by_nginx_cached_for_good(site):
    css = (ROOT / "static" / "css" / "site.css").read_bytes()
    digest = hashlib.md5(css, usedforsecurity=False).hexdigest()[:12]  # as Django names them
    (site.static_root / "css").mkdir(exist_ok=True)
    (site.static_root / "css" / f"site.{digest}.css").write_bytes(css)
    (site.static_root / "css" / "site.css").write_bytes(css)

    status, headers, body = site.request("GET", f"/static/css/site.{digest}.css")
    assert status == 200
    assert body == css  # gunicorn's STATIC_ROOT is empty: this came from nginx
    assert headers["Content-Type"] == "text/css"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"

    status, headers, _ = site.request("GET", "/static/css/site.css")
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=3600"

    status, headers, body = site.request(
        "GET", f"/static/css/site.{digest}.css", headers={"Accept-Encoding": "gzip"}
    )
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == css


def test_article_images_are_served_but_attachments_never_from_disk(site):
    (site.media_root / "images" / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n map")
    attachment = AttachmentFactory(article=ArticleFactory())
    assert (site.media_root / attachment.file.name).exists()

    status, headers, body = site.request("GET", "/media/images/map.png")
    assert (status, body) == (200, b"\x89PNG\r\n\x1a\n map")
    assert headers["Content-Type"] == "image/png"

    status, _, _ = site.request("GET", f"/media/{attachment.file.name}")
    assert status == 404


def test_attachment_download_goes_through_django_and_is_counted(site):
    attachment = AttachmentFactory(article=ArticleFactory())
    expected = (site.media_root / attachment.file.name).read_bytes()

    status, headers, body = site.request("GET", f"/en/attachments/{attachment.pk}/download/")

    assert status == 200
    assert body == expected
    assert headers["Content-Disposition"].startswith("attachment;")
    assert Attachment.objects.get(pk=attachment.pk).download_count == 1


def test_the_app_sees_the_readers_address_not_nginxs_nor_a_forged_one(site):
    article = ArticleFactory()
    article_url = site.site_url + article.get_absolute_url()
    form_path = "/en/mail/send/?" + urllib.parse.urlencode({"url": article_url})
    status, headers, page = site.request("GET", form_path, source=READER_ADDRESS)
    assert status == 200, page[:500]
    cookie = headers["Set-Cookie"].split(";")[0]
    assert cookie.startswith("csrftoken=")
    token = page.split(b'name="csrfmiddlewaretoken" value="')[1].split(b'"')[0].decode()
    form = {
        "csrfmiddlewaretoken": token,
        "recipient": "friend@example.org",
        "content_address": article_url,
        "title": "Worth reading",
        "message": "Have a look.",
        "homepage": "",
        "started": sign_started(time.time() - 60),
    }

    status, _, body = site.request(
        "POST",
        "/en/mail/send/",
        source=READER_ADDRESS,
        body=urllib.parse.urlencode(form),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
            "Cookie": cookie,
            "Origin": site.site_url,
            "Referer": article_url,
            # A client's own claim is kept by nginx but not believed by Django.
            "X-Forwarded-For": "198.51.100.9",
        },
    )

    assert status == 200, body[:500]
    assert json.loads(body)
    mail = Mail.objects.get()
    assert mail.client_hash == client_hash(READER_ADDRESS)
    assert mail.client_hash not in (client_hash("127.0.0.1"), client_hash("198.51.100.9"))


def test_https_at_nginx_reaches_django_as_https(site):
    # Straight to gunicorn, plain HTTP: Django redirects to HTTPS ...
    status, headers, _ = site.request("GET", "/robots.txt", via="gunicorn")
    assert status == 301
    assert headers["Location"].startswith("https://")
    # ... through nginx's TLS port it knows the request is secure and answers.
    status, _, body = site.request("GET", "/robots.txt")
    assert status == 200
    assert b"Sitemap:" in body or b"User-agent" in body
    # nginx's plain-HTTP port sends readers to HTTPS before Django is asked.
    status, headers, _ = site.request("GET", "/robots.txt", via="http")
    assert status == 301
    assert headers["Location"] == "https://127.0.0.1/robots.txt"


def test_pages_from_django_leave_nginx_gzipped(site):
    status, headers, body = site.request("GET", "/en/", headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert b"</html>" in gzip.decompress(body)


def test_nginx_takes_bodies_up_to_the_attachment_limit_and_no_more(site, settings):
    # Expect: 100-continue makes nginx judge the declared length before any body is sent.
    def status_line(length):
        raw = socket.create_connection(("127.0.0.1", site.https_port), timeout=30)
        with site.tls.wrap_socket(raw, server_hostname="127.0.0.1") as conn:
            conn.sendall(
                b"POST /admin/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/octet-stream\r\nExpect: 100-continue\r\n"
                + f"Content-Length: {length}\r\n\r\n".encode()
            )
            return conn.recv(4096).split(b"\r\n")[0].decode()

    assert status_line(settings.ATTACHMENT_MAX_BYTES) == "HTTP/1.1 100 Continue"
    assert status_line(settings.ATTACHMENT_MAX_BYTES + 1) == "HTTP/1.1 413 Request Entity Too Large"

"""Production settings from the environment: HTTPS, HSTS, proxies, CSP, cookies, check --deploy."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[1]

PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps(default=str, obj={name: getattr(s, name, None) for name in [
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE", "TRUSTED_PROXIES", "SECURE_REDIRECT_EXEMPT",
    "CONTENT_SECURITY_POLICY"]}))
"""


def production_env(tmp_path, **extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "TRUSTED_", "MAILING_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="thinktank.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        SITE_URL="https://ifans.example.org",
        ALLOWED_HOSTS="ifans.example.org",
        VAR_DIR=str(tmp_path / "var"),
    )
    env.pop("DATABASE_URL", None)
    env.update(extra)
    return env


def settings_under(tmp_path, **extra):
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        env=production_env(tmp_path, **extra),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_under_the_documented_production_environment(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_https_site_turns_on_hsts_redirect_and_secure_cookies(tmp_path):
    values = settings_under(tmp_path)
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and values["SECURE_HSTS_PRELOAD"]
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_PROXY_SSL_HEADER"] is None  # no proxy named: the header is not believed
    assert values["SECURE_REDIRECT_EXEMPT"] == ["^healthz$", "^readyz$"]  # load balancers


def test_a_trusted_proxy_is_believed_for_the_scheme_and_can_own_the_redirect(tmp_path):
    values = settings_under(
        tmp_path,
        TRUSTED_PROXIES="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="600",
        SECURE_HSTS_PRELOAD="0",
    )
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 600
    assert values["SECURE_HSTS_PRELOAD"] is False


def test_the_old_mailing_proxy_setting_still_counts(tmp_path):
    values = settings_under(tmp_path, MAILING_TRUSTED_PROXIES="10.0.0.0/8")
    assert values["TRUSTED_PROXIES"] == ["10.0.0.0/8"]


def test_with_a_bucket_pages_allow_images_from_it_and_only_then(tmp_path):
    bucket = settings_under(
        tmp_path,
        AWS_STORAGE_BUCKET_NAME="ifans-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
    )
    local = settings_under(tmp_path)
    assert bucket["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"] == [
        "'self'",
        "data:",
        "https://s3.example.org",
        "https://ifans-media.s3.example.org",
    ]
    assert local["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"] == ["'self'", "data:"]


def test_plain_http_sites_get_no_hsts(tmp_path):
    values = settings_under(tmp_path, SITE_URL="http://127.0.0.1:8000", ALLOWED_HOSTS="127.0.0.1")
    assert not values["SECURE_HSTS_SECONDS"] and not values["SECURE_SSL_REDIRECT"]


# --- Headers on real responses --------------------------------------------------


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
def test_public_pages_forbid_inline_and_eval_scripts(client, article):
    for url in ["/en/", article.get_absolute_url(), reverse("publications:feed")]:
        response = client.get(url)
        policy = directives(response["Content-Security-Policy"])
        assert "'unsafe-inline'" not in policy["script-src"], url
        assert "'unsafe-eval'" not in policy["script-src"], url
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_every_inline_script_on_public_pages_carries_the_nonce(client, article):
    for url in ["/en/", article.get_absolute_url()]:
        response = client.get(url)
        html = response.content.decode()
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
        for tag in re.findall(r"<script\b[^>]*>", html):
            if "src=" in tag or "application/ld+json" in tag:
                continue
            assert nonce and f'nonce="{nonce.group(1)}"' in tag, (url, tag)
        assert ' style="' not in html, url  # inline styles would need 'unsafe-inline'


@pytest.mark.django_db
def test_the_admin_editor_gets_its_looser_policy_only_in_the_admin(admin_client, article):
    response = admin_client.get(reverse("admin:publications_article_change", args=[article.pk]))
    assert response.status_code == 200
    assert "'unsafe-inline'" in directives(response["Content-Security-Policy"])["style-src"]


@pytest.mark.django_db
def test_every_page_sends_a_permissions_policy(client, article):
    for url in ["/en/", article.get_absolute_url(), "/admin/login/"]:
        policy = client.get(url)["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


@pytest.mark.django_db
def test_the_csrf_cookie_ends_with_the_browser_session(client, article):
    response = client.get("/admin/login/")
    cookie = response.cookies["csrftoken"]
    assert not cookie["max-age"] and not cookie["expires"]


@pytest.mark.django_db
def test_only_a_trusted_proxy_can_say_the_request_was_https(client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    via_proxy = client.get("/robots.txt", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    assert via_proxy.status_code == 200  # believed: already https, no redirect
    forged = client.get("/robots.txt", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_PROTO="https")
    assert forged.status_code == 301 and forged["Location"].startswith("https://")

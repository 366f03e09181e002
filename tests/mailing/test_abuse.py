"""Not a spam relay: rate limits, client address, bot traps, no raw IPs stored."""

import datetime
import time

import pytest
from django.test import Client
from django.utils import timezone

from mailing import ratelimit
from mailing.forms import sign_started
from mailing.models import Mail
from thinktank.client import client_ip

pytestmark = pytest.mark.clocks  # rate windows and form timestamps are counted on the clock


def test_rate_format():
    assert ratelimit.parse_rate("10/h") == ratelimit.Rate(10, 3600)
    assert ratelimit.parse_rate("3/d") == ratelimit.Rate(3, 86400)
    assert ratelimit.parse_rate("5/m") == ratelimit.Rate(5, 60)
    assert ratelimit.parse_rate("1/s") == ratelimit.Rate(1, 1)
    with pytest.raises(ValueError):
        ratelimit.parse_rate("10/week")


def test_over_the_per_ip_limit_is_429_and_nothing_is_queued(
    post_email, settings, db, django_capture_on_commit_callbacks
):
    settings.MAILING_RATE_PER_IP = "2/h"
    for n in range(2):
        assert post_email(json=True, recipient=f"r{n}@example.org").status_code == 200
    with django_capture_on_commit_callbacks() as callbacks:
        response = post_email(json=True, recipient="r9@example.org")
    assert response.status_code == 429
    assert "too many" in response.json()["message"].lower()
    assert callbacks == []
    assert Mail.objects.count() == 2


def test_over_the_limit_without_javascript_is_a_429_page(post_email, settings, db):
    settings.MAILING_RATE_PER_IP = "1/h"
    post_email(recipient="a@example.org")
    response = post_email(recipient="b@example.org")
    assert response.status_code == 429
    assert "too many" in response.content.decode().lower()


def test_other_clients_are_not_limited_by_one(post_email, settings, db):
    settings.MAILING_RATE_PER_IP = "1/h"
    assert post_email(json=True, ip="198.51.100.1", recipient="a@example.org").status_code == 200
    assert post_email(json=True, ip="198.51.100.2", recipient="b@example.org").status_code == 200


def test_old_sends_fall_out_of_the_window(post_email, settings, db):
    settings.MAILING_RATE_PER_IP = "1/h"
    post_email(json=True, recipient="a@example.org")
    Mail.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=61))
    assert post_email(json=True, recipient="b@example.org").status_code == 200


def test_per_recipient_limit_counts_every_sender_and_ignores_case(post_email, settings, db):
    settings.MAILING_RATE_PER_RECIPIENT = "2/d"
    assert post_email(json=True, ip="198.51.100.1", recipient="v@example.org").status_code == 200
    assert post_email(json=True, ip="198.51.100.2", recipient="V@Example.org").status_code == 200
    response = post_email(json=True, ip="198.51.100.3", recipient="v@EXAMPLE.ORG")
    assert response.status_code == 429
    assert Mail.objects.count() == 2


def test_site_wide_hourly_cap(post_email, settings, db):
    settings.MAILING_RATE_SITE_PER_HOUR = 3
    for n in range(3):
        post_email(json=True, ip=f"198.51.100.{n}", recipient=f"r{n}@example.org")
    response = post_email(json=True, ip="198.51.100.9", recipient="r9@example.org")
    assert response.status_code == 429
    assert Mail.objects.count() == 3


def test_forged_x_forwarded_for_changes_nothing(post_email, settings, db):
    settings.MAILING_RATE_PER_IP = "2/h"
    for n in range(2):
        response = post_email(
            json=True, recipient=f"r{n}@example.org", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}"
        )
        assert response.status_code == 200
    response = post_email(json=True, recipient="r3@example.org", HTTP_X_FORWARDED_FOR="192.0.2.77")
    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_client_counts(post_email, settings, db):
    settings.MAILING_RATE_PER_IP = "1/h"
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = "10.0.0.1"
    first = post_email(json=True, ip=proxy, recipient="a@example.org")
    assert first.status_code == 200
    other = post_email(
        json=True, ip=proxy, recipient="b@example.org", HTTP_X_FORWARDED_FOR="198.51.100.8"
    )
    assert other.status_code == 200
    # A client prepending a fake address gets counted by the hop our proxy saw.
    forged = post_email(
        json=True,
        ip=proxy,
        recipient="c@example.org",
        HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.8",
    )
    assert forged.status_code == 429


def test_client_ip_ignores_forwarded_header_from_untrusted_peer(rf, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    request = rf.get("/", REMOTE_ADDR="198.51.100.5", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert client_ip(request) == "198.51.100.5"
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.5")
    assert client_ip(request) == "198.51.100.5"


def test_no_raw_client_address_is_stored(post_email, db):
    post_email(json=True, ip="198.51.100.42")
    mail = Mail.objects.get()
    stored = " ".join(str(getattr(mail, f.attname)) for f in Mail._meta.concrete_fields)
    assert "198.51.100.42" not in stored
    assert mail.client_hash == ratelimit.client_hash("198.51.100.42")
    assert mail.client_hash != ratelimit.client_hash("198.51.100.43")


@pytest.mark.parametrize(
    "trap",
    [
        lambda: {"homepage": "http://spam.example"},
        lambda: {"started": sign_started(time.time())},  # signed now, when the test runs
        lambda: {"started": "12345"},
        lambda: {"started": ""},
        lambda: {"started": sign_started(time.time() - 2 * 24 * 60 * 60)},  # replayed
    ],
    ids=["honeypot", "too-fast", "forged-timestamp", "no-timestamp", "stale-timestamp"],
)
def test_bots_get_the_same_success_and_nothing_is_queued(
    post_email, article, trap, db, django_capture_on_commit_callbacks
):
    trap = trap()
    with django_capture_on_commit_callbacks() as callbacks:
        as_json = post_email(json=True, **trap)
        plain = post_email(**trap)
    assert as_json.status_code == 200
    assert as_json.json() == post_email(json=True, recipient="other@example.org").json()
    assert plain.status_code == 302 and plain.url == article.get_absolute_url()
    assert callbacks == []
    assert Mail.objects.filter(recipient="friend@example.org").count() == 0


def test_csrf_is_required(form_data, db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/en/mail/send/", form_data(), REMOTE_ADDR="198.51.100.1")
    assert response.status_code == 403
    assert not Mail.objects.exists()

"""The signed one-click opt-out, and what it does to later mails."""

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from mailing import optout
from mailing.models import Mail, OptOut


def unsubscribe_path(address):
    return reverse("mailing:unsubscribe", kwargs={"token": optout.make_token(address)})


def test_token_round_trips_and_is_signed():
    token = optout.make_token("Friend@Example.org")
    assert optout.read_token(token) == "friend@example.org"
    assert optout.make_token("friend@example.org") == token
    with pytest.raises(signing.BadSignature):
        optout.read_token(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    forged = signing.Signer(salt="some.other.salt").sign_object("victim@example.org")
    with pytest.raises(signing.BadSignature):
        optout.read_token(forged)


def test_get_asks_for_confirmation_and_opts_nobody_out(client, db):
    response = client.get(unsubscribe_path("friend@example.org"))
    assert response.status_code == 200
    assert b'<form method="post">' in response.content
    assert not OptOut.objects.exists()


def test_post_opts_out_without_a_csrf_token_one_click(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        unsubscribe_path("friend@example.org"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert OptOut.covers("FRIEND@example.org")
    client.post(unsubscribe_path("friend@example.org"))  # twice is fine
    assert OptOut.objects.count() == 1


def test_bad_signature_is_rejected(client, db):
    path = reverse("mailing:unsubscribe", kwargs={"token": "friend@example.org:forged"})
    assert client.post(path).status_code == 400
    assert client.get(path).status_code == 400
    assert not OptOut.objects.exists()


def test_opted_out_recipient_gets_nothing_and_the_sender_is_not_told(
    post_email, db, django_capture_on_commit_callbacks
):
    optout.opt_out("friend@example.org")
    with django_capture_on_commit_callbacks() as callbacks:
        response = post_email(json=True, recipient="Friend@example.org")
    assert response.status_code == 200
    assert response.json() == post_email(json=True, recipient="someone@example.org").json()
    assert Mail.objects.get(recipient="Friend@example.org").status == Mail.Status.SUPPRESSED
    assert callbacks == []

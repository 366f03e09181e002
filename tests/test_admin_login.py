"""The admin sign-in refuses password guessing (django-axes), by username and by address."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
RIGHT = "the-right-Passw0rd"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # Dozens of wrong passwords per test: the real hasher would take seconds each time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editor", password=RIGHT, is_staff=True, is_superuser=True
    )


def sign_in(client, username, password, ip="198.51.100.7", **headers):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
        **headers,
    )


def guess(client, username, times, ip="198.51.100.7", **headers):
    for n in range(times):
        response = sign_in(client, username, f"wrong-{n}", ip=ip, **headers)
        assert response.status_code in (200, 429)


def is_locked_out(response):
    return response.status_code == 429 and "Too many failed sign-in attempts" in (
        response.content.decode()
    )


def test_the_right_password_still_signs_in(client, editor):
    response = sign_in(client, "editor", RIGHT)
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_after_the_limit_even_the_right_password_is_refused_with_a_clear_message(
    client, editor, settings
):
    guess(client, "editor", settings.AXES_FAILURE_LIMIT)
    response = sign_in(client, "editor", RIGHT)
    assert is_locked_out(response)
    assert "_auth_user_id" not in client.session


def test_the_username_is_locked_from_every_address(client, editor, settings):
    guess(client, "editor", settings.AXES_FAILURE_LIMIT, ip="198.51.100.7")
    assert is_locked_out(sign_in(client, "editor", RIGHT, ip="203.0.113.99"))


def test_the_address_is_locked_for_every_username(client, editor, settings, django_user_model):
    django_user_model.objects.create_user("other", password=RIGHT, is_staff=True)
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"nobody-{n}", "wrong", ip="198.51.100.7")
    assert is_locked_out(sign_in(client, "other", RIGHT, ip="198.51.100.7"))


def test_others_are_not_affected(client, editor, settings, django_user_model):
    django_user_model.objects.create_user("colleague", password=RIGHT, is_staff=True)
    guess(client, "editor", settings.AXES_FAILURE_LIMIT, ip="198.51.100.7")
    response = sign_in(client, "colleague", RIGHT, ip="203.0.113.99")
    assert response.status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_client_is_locked_not_the_proxy(
    client, editor, settings, django_user_model
):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    django_user_model.objects.create_user("colleague", password=RIGHT, is_staff=True)
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"nobody-{n}", "wrong", ip="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    response = sign_in(
        client, "colleague", RIGHT, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.99"
    )
    assert response.status_code == 302  # another reader behind the same proxy
    locked = sign_in(client, "colleague", RIGHT, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert is_locked_out(locked)


def test_an_administrator_unlocks_with_axes_reset(client, editor, settings):
    guess(client, "editor", settings.AXES_FAILURE_LIMIT)
    assert is_locked_out(sign_in(client, "editor", RIGHT))
    call_command("axes_reset")
    assert sign_in(client, "editor", RIGHT).status_code == 302

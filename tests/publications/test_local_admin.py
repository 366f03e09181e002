"""ensure_local_admin: the `make run` sign-in, only with DEBUG on."""

import stat

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def local(settings, tmp_path):
    settings.DEBUG = True
    settings.VAR_DIR = tmp_path / "var"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "var" / "mail")
    return settings


def test_creates_admin_with_a_private_password_file(local, capsys):
    call_command("ensure_local_admin")

    out = capsys.readouterr().out
    path = local.VAR_DIR / "admin-password"
    password = path.read_text().strip()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.is_staff and user.check_password(password)
    assert "Admin:     http://testserver/admin/" in out
    assert "Username:  admin" in out
    assert f"Password:  {password}  (kept in {path})" in out
    assert f"Mail:      files in {local.VAR_DIR / 'mail'}" in out


def test_second_run_creates_nothing_and_prints_the_same_sign_in(local, capsys):
    call_command("ensure_local_admin")
    first = capsys.readouterr().out
    call_command("ensure_local_admin")
    second = capsys.readouterr().out
    assert get_user_model().objects.count() == 1
    assert "Created" in first and "Created" not in second
    assert second.strip() in first


def test_existing_superuser_is_left_alone(local, capsys, django_user_model):
    django_user_model.objects.create_superuser("chief", "c@example.org", "pw-chief-123")
    call_command("ensure_local_admin")
    out = capsys.readouterr().out
    assert django_user_model.objects.count() == 1
    assert "Username:  chief" in out
    assert not (local.VAR_DIR / "admin-password").exists()


def test_console_mail_is_named(local, capsys):
    local.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    call_command("ensure_local_admin")
    assert "Mail:      printed on the console" in capsys.readouterr().out


def test_refuses_without_debug(settings, tmp_path, capsys):
    settings.DEBUG = False
    settings.VAR_DIR = tmp_path
    call_command("ensure_local_admin")  # exit status 0: no exception
    assert "only runs with DEBUG on" in capsys.readouterr().out
    assert not get_user_model().objects.exists()

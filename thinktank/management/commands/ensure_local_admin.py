"""manage.py ensure_local_admin: a superuser for a local `make run`, and how to sign in.

Only with DEBUG on. If no superuser exists it creates `admin` with a random
password, written to var/admin-password (mode 600). Every run prints the
admin URL, the username, the password (and where it is kept) and where the
site's mails land.
"""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

USERNAME = "admin"


def password_file():
    return settings.VAR_DIR / "admin-password"


def _write_secret(path, text):
    """Create the file readable by its owner only, from the first byte."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "w") as out:
        out.write(text + "\n")
    path.chmod(0o600)


def mail_destination():
    backend = settings.EMAIL_BACKEND
    if backend.endswith("filebased.EmailBackend"):
        # resolve(): a relative EMAIL_FILE_PATH lands relative to the working folder
        return f"files in {Path(settings.EMAIL_FILE_PATH).resolve()}"
    if backend.endswith("console.EmailBackend"):
        return "printed on the console of the worker"
    if backend.endswith("smtp.EmailBackend"):
        return f"sent through SMTP at {settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    return f"handled by {backend}"


class Command(BaseCommand):
    help = "Create a local superuser if none exists (DEBUG only) and print how to sign in."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            self.stdout.write(
                "ensure_local_admin only runs with DEBUG on (as under `make run`); "
                "create an administrator with `manage.py createsuperuser`."
            )
            return
        users = get_user_model().objects
        path = password_file()
        superuser = users.filter(is_superuser=True).order_by("pk").first()
        if superuser is None:
            if users.filter(username=USERNAME).exists():
                self.stdout.write(
                    f'A user "{USERNAME}" exists but is not a superuser; '
                    "run `manage.py createsuperuser`."
                )
                return
            password = secrets.token_urlsafe(15)
            superuser = users.create_superuser(USERNAME, "admin@localhost", password)
            _write_secret(path, password)
            self.stdout.write(f'Created the superuser "{USERNAME}".')

        self.stdout.write(f"Site:      {settings.SITE_URL}/")
        self.stdout.write(f"Admin:     {settings.SITE_URL}/admin/")
        self.stdout.write(f"Username:  {superuser.get_username()}")
        if superuser.get_username() == USERNAME and path.exists():
            password = path.read_text().strip()
            self.stdout.write(f"Password:  {password}  (kept in {path})")
        else:
            self.stdout.write("Password:  the one set for this user (see createsuperuser)")
        self.stdout.write(f"Mail:      {mail_destination()}")

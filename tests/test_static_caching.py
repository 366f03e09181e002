"""Hashed static files are cached for good when gunicorn serves them (WhiteNoise, manifest)."""

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client

from tests.services import ROOT


def test_hashed_static_files_are_immutable_and_plain_names_are_not(settings, tmp_path):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # The project's own files are enough (the admin's and the editor's are many).
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    call_command("collectstatic", "--noinput", verbosity=0)

    hashed = staticfiles_storage.url("css/site.css")
    assert hashed != "/static/css/site.css"  # the manifest named it by its content
    client = Client()  # a new handler: WhiteNoise reads STATIC_ROOT when it starts
    response = client.get(hashed)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == (ROOT / "static/css/site.css").read_bytes()
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"

    plain = client.get("/static/css/site.css")
    assert plain.status_code == 200
    assert "immutable" not in plain["Cache-Control"]

"""The editor's upload view: staff only, CSRF-protected, CKEditor's JSON answer."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from images.models import Image
from tests.images import samples
from tests.images.conftest import UPLOAD_URL

pytestmark = pytest.mark.django_db


def test_an_editor_uploads_an_image_and_gets_its_address(upload, stored_images):
    answer = upload(samples.jpeg_with_gps(), name="Seoul summit.jpg").json()
    image = Image.objects.get()
    assert answer == {
        "uploaded": 1,
        "fileName": "Seoul summit",
        "url": image.url,
        "id": image.pk,
    }
    assert image.url.startswith("/media/images/")
    assert "Seoul" not in image.file.name  # a generated name
    assert list(stored_images()) == [image.file.name]
    assert (image.width, image.height) == (1600, 900)
    assert image.uploaded_by.username == "editor"


def test_the_upload_is_refused_without_the_csrf_token(django_user_model):
    user = django_user_model.objects.create_user("ed", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_image"))
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/admin/")  # sets the CSRF cookie
    data = {"upload": SimpleUploadedFile("a.png", samples.png())}
    assert client.post(UPLOAD_URL, data).status_code == 403
    assert Image.objects.count() == 0

    token = client.cookies["csrftoken"].value
    data = {"upload": SimpleUploadedFile("a.png", samples.png())}
    response = client.post(UPLOAD_URL, data, headers={"X-CSRFToken": token})
    assert response.json()["uploaded"] == 1


def test_anonymous_visitors_are_sent_to_the_sign_in(client):
    data = {"upload": SimpleUploadedFile("a.png", samples.png())}
    response = client.post(UPLOAD_URL, data)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert Image.objects.count() == 0


def test_staff_without_the_permission_to_add_images_are_refused(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("x", password="pw", is_staff=True))
    data = {"upload": SimpleUploadedFile("a.png", samples.png())}
    response = client.post(UPLOAD_URL, data)
    assert response.status_code == 403
    assert response.json()["uploaded"] == 0
    assert Image.objects.count() == 0


def test_a_get_or_a_post_without_a_file_is_refused(staff_client):
    assert staff_client.get(UPLOAD_URL).status_code == 405
    response = staff_client.post(UPLOAD_URL, {})
    assert response.status_code == 400 and response.json()["uploaded"] == 0


def test_the_article_editor_is_configured_to_upload_there(staff_client, article):
    page = staff_client.get(f"/admin/publications/article/{article.pk}/change/").content.decode()
    assert "uploadimage" in page
    assert f"&quot;filebrowserImageUploadUrl&quot;: &quot;{UPLOAD_URL}&quot;" in page
    assert "/static/images/editor.js" in page

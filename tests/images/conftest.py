import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

UPLOAD_URL = "/admin/images/image/upload/"


@pytest.fixture
def upload(staff_client):
    """POST a file to the editor's upload view as a signed-in editor; the JSON answer."""

    def post(data, name="image.jpg", client=None, **extra):
        response = (client or staff_client).post(
            UPLOAD_URL, {"upload": SimpleUploadedFile(name, data)}, **extra
        )
        return response

    return post


@pytest.fixture
def stored_images(settings):
    """Every file under MEDIA_ROOT/images, as {relative name: bytes}."""

    def files():
        root = settings.MEDIA_ROOT / "images"
        if not root.exists():
            return {}
        return {
            str(path.relative_to(settings.MEDIA_ROOT)): path.read_bytes()
            for path in root.rglob("*")
            if path.is_file()
        }

    return files

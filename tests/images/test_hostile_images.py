"""Uploads are judged by content and re-encoded: what is stored is pixels, nothing else."""

import io

import pytest
from django.test import override_settings
from PIL import Image as PILImage

from images.models import Image
from tests.images import samples

pytestmark = pytest.mark.django_db


def refused(response):
    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["uploaded"] == 0
    return answer["error"]["message"]


def test_an_svg_with_a_script_renamed_png_is_refused(upload, stored_images):
    message = refused(upload(samples.svg_with_script(), name="chart.png"))
    assert "not an image we accept" in message
    assert "JPEG, PNG, WebP, GIF" in message
    assert Image.objects.count() == 0
    assert stored_images() == {}


def test_a_jpeg_polyglot_is_stored_without_its_markup_or_script(upload, stored_images):
    upload_bytes = samples.jpeg_polyglot()
    answer = upload(upload_bytes, name="photo.php.jpg").json()
    assert answer["uploaded"] == 1
    [(name, stored)] = stored_images().items()
    assert samples.SCRIPT not in stored
    assert samples.PHP not in stored
    assert b"<?php" not in stored and b"<script" not in stored
    assert name.endswith(".jpg") and "photo" not in name
    with PILImage.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and image.size == (200, 100)


def test_a_gif_that_is_also_javascript_is_no_longer_javascript(upload, stored_images):
    answer = upload(samples.gif_javascript_polyglot(), name="pixel.gif").json()
    assert answer["uploaded"] == 1
    [stored] = stored_images().values()
    assert b"alert" not in stored
    assert not stored.startswith(b"GIF89a/*")  # the screen width no longer opens a comment


def test_a_decompression_bomb_is_refused_before_it_is_decoded(upload, stored_images):
    bomb = samples.png_bomb(side=9_000)
    assert len(bomb) < 100_000  # small on the wire, 81 megapixels once decoded
    message = refused(upload(bomb, name="bomb.png"))
    assert "decompression bomb" in message
    assert "9,000 × 9,000" in message
    assert stored_images() == {}


@override_settings(IMAGE_MAX_PIXELS=2_000_000_000)
def test_pillows_own_bomb_limit_also_gives_a_clear_message(upload):
    # Above Pillow's own limit (2 × 89 megapixels) even a lenient setting refuses.
    message = refused(upload(samples.png_bomb(side=20_000), name="bomb.png"))
    assert "decompression bomb" in message


@override_settings(IMAGE_MAX_BYTES=50_000)
def test_a_file_over_the_size_limit_is_refused_with_the_limit(upload, stored_images):
    big = samples.encoded(samples.picture((1600, 900)), "PNG", compress_level=0)
    message = refused(upload(big, name="big.png"))
    assert "limit is 48.8\xa0KB" in message
    assert stored_images() == {}


def test_a_file_cut_inside_its_header_is_refused(upload, stored_images):
    message = refused(upload(samples.png()[:30], name="cut.png"))
    assert "not an image we accept" in message
    assert stored_images() == {}


def test_exif_gps_is_in_the_upload_and_absent_from_what_is_stored(upload, stored_images):
    original = samples.jpeg_with_gps()
    assert samples.gps_of(original) == samples.GPS
    assert b"SecretPhone" in original
    assert upload(original, name="IMG_0001.JPG").json()["uploaded"] == 1
    [stored] = stored_images().values()
    assert samples.gps_of(stored) == {}
    assert b"Exif" not in stored and b"SecretPhone" not in stored


@pytest.mark.parametrize(
    ("make", "name", "extension", "content_type"),
    [
        (samples.png, "photo.jpg", ".png", "image/png"),
        (samples.webp, "photo.png", ".webp", "image/webp"),
        (samples.gif, "photo.webp", ".gif", "image/gif"),
        (samples.jpeg_with_gps, "photo", ".jpg", "image/jpeg"),
    ],
)
def test_the_type_and_extension_come_from_the_content(
    upload, stored_images, make, name, extension, content_type
):
    assert upload(make(), name=name).json()["uploaded"] == 1
    image = Image.objects.get()
    assert image.content_type == content_type
    assert image.file.name.endswith(extension)
    assert list(stored_images()) == [image.file.name]


def test_png_text_chunks_are_dropped(upload, stored_images):
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    data = samples.encoded(samples.picture((300, 200)), "PNG", pnginfo=info)
    assert b"alert(1)" in data
    assert upload(data, name="chart.png").json()["uploaded"] == 1
    [stored] = stored_images().values()
    assert b"alert(1)" not in stored


def test_an_animated_gif_keeps_its_frames(upload, stored_images):
    frames = [samples.picture((120, 80)).convert("P") for _ in range(3)]
    frames[1].paste(0, (0, 0, 60, 80))
    data = samples.encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=90)
    assert upload(data, name="anim.gif").json()["uploaded"] == 1
    [stored] = stored_images().values()
    with PILImage.open(io.BytesIO(stored)) as image:
        assert image.n_frames == 3
    assert Image.objects.get().animated

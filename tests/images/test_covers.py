"""Cover images go through the same judging and re-encoding as every image."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from images.covers import cover_thumbnail, reencoded_upload
from tests.images import samples


def test_a_cover_is_reencoded_without_its_gps_and_named_by_its_content():
    upload = reencoded_upload(SimpleUploadedFile("holiday.png", samples.jpeg_with_gps()))
    assert upload.name == "cover.jpg"
    assert upload.content_type == "image/jpeg"
    assert samples.gps_of(upload.read()) == {}


@pytest.mark.parametrize(
    "data", [samples.svg_with_script(), samples.png()[:30], samples.png_bomb(side=9_000)]
)
def test_a_hostile_cover_is_refused_with_the_reason(data):
    with pytest.raises(ValidationError) as refused:
        reencoded_upload(SimpleUploadedFile("cover.png", data))
    assert refused.value.messages[0]


def test_the_thumbnail_shows_the_stored_cover_through_the_media_route():
    class Stored:
        name = "images/covers/2026/11/abc.jpg"

        def __bool__(self):
            return True

    html = cover_thumbnail(Stored())
    assert 'src="/media/images/covers/2026/11/abc.jpg"' in html
    assert cover_thumbnail(None) == "—"


@pytest.mark.django_db
def test_the_article_form_reencodes_a_new_cover():
    from publications.admin import ArticleAdminForm

    form = ArticleAdminForm()
    form.cleaned_data = {"cover_image": SimpleUploadedFile("c.jpg", samples.jpeg_with_gps())}
    form.__dict__["changed_data"] = ["cover_image"]  # as once the form has the field
    cover = form.clean_cover_image()
    assert cover.name == "cover.jpg" and samples.gps_of(cover.read()) == {}
    form.cleaned_data = {"cover_image": SimpleUploadedFile("c.png", samples.svg_with_script())}
    with pytest.raises(ValidationError):
        form.clean_cover_image()

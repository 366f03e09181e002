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


@pytest.mark.django_db
def test_a_cover_uploaded_in_the_admin_is_stored_reencoded_and_shown_in_the_list(
    staff_client, series, settings
):
    from publications.models import Article
    from tests.publications.admin_forms import post_article

    response, article = post_article(
        staff_client,
        series,
        language="en",
        status="draft",
        cover_image=SimpleUploadedFile("holiday.jpg", samples.jpeg_with_gps()),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(pk=article.pk)
    assert article.cover_image.name.startswith("images/covers/")
    assert article.cover_image.name.endswith(".jpg") and "holiday" not in article.cover_image.name
    stored = (settings.MEDIA_ROOT / article.cover_image.name).read_bytes()
    assert samples.gps_of(stored) == {} and b"SecretPhone" not in stored

    listing = staff_client.get("/admin/publications/article/").content.decode()
    assert f'src="/media/{article.cover_image.name}"' in listing


@pytest.mark.django_db
def test_a_hostile_cover_is_refused_in_the_admin(staff_client, series):
    from tests.publications.admin_forms import form_errors, post_article

    response, _article = post_article(
        staff_client,
        series,
        language="en",
        status="draft",
        cover_image=SimpleUploadedFile("cover.png", samples.png_bomb(side=9_000)),
    )
    assert any("decompression bomb" in message for message in form_errors(response))

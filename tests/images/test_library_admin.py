"""The image library in the admin: add, search, where used, replace everywhere; alt text flags."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from images.models import Image
from images.processing import clean_image
from images.services import store_image
from images.usage import images_missing_alt
from publications.models import Article
from tests.factories import ArticleFactory
from tests.images import samples
from tests.publications.admin_forms import post_article

pytestmark = pytest.mark.django_db


def library_image(data=None, name="photo.png", **fields):
    clean = clean_image(SimpleUploadedFile(name, data or samples.png()))
    image = store_image(clean, original_name=name)
    Image.objects.filter(pk=image.pk).update(**fields)
    image.refresh_from_db()
    return image


def test_an_image_added_in_the_library_is_judged_and_reencoded(staff_client, settings):
    response = staff_client.post(
        "/admin/images/image/add/",
        {
            "upload": SimpleUploadedFile("gps.jpg", samples.jpeg_with_gps()),
            "title": "Summit",
            "alt_text": "Two leaders shaking hands",
        },
    )
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.title, image.alt_text, image.content_type) == (
        "Summit",
        "Two leaders shaking hands",
        "image/jpeg",
    )
    assert samples.gps_of((settings.MEDIA_ROOT / image.file.name).read_bytes()) == {}


def test_the_library_refuses_a_hostile_file_with_its_reason(staff_client):
    response = staff_client.post(
        "/admin/images/image/add/",
        {"upload": SimpleUploadedFile("x.png", samples.svg_with_script()), "alt_text": "x"},
    )
    assert response.status_code == 200
    assert "not an image we accept" in response.content.decode()
    assert Image.objects.count() == 0


def test_the_library_finds_images_by_alt_text_title_or_file_name(staff_client):
    library_image(alt_text="Missile launch site", title="Launch")
    library_image(alt_text="Trade fair", title="Fair")
    page = staff_client.get("/admin/images/image/", {"q": "missile"}).content.decode()
    assert "Launch" in page and "Fair" not in page


def test_an_image_page_lists_the_articles_that_show_it(staff_client):
    image = library_image()
    using = ArticleFactory(title="Uses it", body=f'<p><img src="{image.url}" alt="a"></p>')
    ArticleFactory(title="Does not", body="<p>No images.</p>")
    page = staff_client.get(f"/admin/images/image/{image.pk}/change/").content.decode()
    assert f"/admin/publications/article/{using.pk}/change/" in page
    assert "Uses it" in page and "Does not" not in page


def test_replacing_an_image_changes_it_in_every_article(
    staff_client, client, django_capture_on_commit_callbacks
):
    image = library_image(alt_text="Old chart")
    old_url = image.url
    first = ArticleFactory(body=f'<p><img src="{old_url}" alt="Chart"></p>')
    second = ArticleFactory(body=f'<p>See <img src="{old_url}" alt="Chart, again"></p>')
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            f"/admin/images/image/{image.pk}/change/",
            {
                "upload": SimpleUploadedFile("new.webp", samples.webp()),
                "title": image.title,
                "alt_text": "New chart",
            },
            follow=True,
        )
    assert "The new file is shown in 2 articles." in response.content.decode()
    image.refresh_from_db()
    assert image.url != old_url and image.url.endswith(".webp")
    for article in (first, second):
        article.refresh_from_db()
        assert old_url not in article.body and image.url in article.body
        page = client.get(article.get_absolute_url()).content.decode()
        assert image.url in page and old_url not in page


def test_images_without_alt_text_are_listed_for_the_attention_list():
    image = library_image()
    article = ArticleFactory(
        body=(
            f'<p><img src="{image.url}" alt="Described"></p>'
            f'<p><img src="{image.url}?v=2"></p><p><img src="{image.url}?v=3" alt="  "></p>'
        )
    )
    assert images_missing_alt(article) == [f"{image.url}?v=2", f"{image.url}?v=3"]
    assert images_missing_alt(ArticleFactory(body="<p>Text only</p>")) == []


def test_saving_an_article_with_an_image_without_alt_text_warns_the_editor(staff_client, series):
    image = library_image()
    response, article = post_article(
        staff_client,
        series,
        language="ko",
        status="draft",
        body=f'<p><img src="{image.url}"></p>',
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = staff_client.get(response["Location"]).content.decode()
    assert "1 image has no alternative text" in page
    assert Article.objects.get(pk=article.pk).body == f'<p><img src="{image.url}"></p>'


def test_an_image_in_use_cannot_be_deleted(staff_client):
    image = library_image()
    article = ArticleFactory(title="Still shows it", body=f'<p><img src="{image.url}" alt="a">')
    page = staff_client.get(f"/admin/images/image/{image.pk}/delete/").content.decode()
    assert "Still shows it" in page
    response = staff_client.post(f"/admin/images/image/{image.pk}/delete/", {"post": "yes"})
    assert response.status_code == 200
    assert Image.objects.filter(pk=image.pk).exists()
    assert article.pk


def test_a_deleted_image_takes_its_files_along(
    staff_client, settings, django_capture_on_commit_callbacks
):
    from images import renditions

    image = library_image(samples.jpeg_with_gps(), name="p.jpg")
    names = [image.file.name] + [r.file.name for r in renditions.make_renditions(image)]
    assert all((settings.MEDIA_ROOT / name).exists() for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/admin/images/image/{image.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Image.objects.exists()
    assert not any((settings.MEDIA_ROOT / name).exists() for name in names)


def test_the_attention_list_names_articles_with_images_without_alt_text():
    from publications import attention

    image = library_image()
    flagged = ArticleFactory(
        status=Article.Status.REVIEW,
        body=f'<p><img src="{image.url}"></p><p><img src="{image.url}?2" alt=" "></p>',
    )
    ArticleFactory(status=Article.Status.REVIEW, body=f'<p><img src="{image.url}" alt="ok"></p>')
    found = {article.pk: messages for article, messages in attention.problems()}
    assert "2 images without alternative text" in found[flagged.pk]
    assert all(
        "alternative text" not in m for pk, ms in found.items() if pk != flagged.pk for m in ms
    )

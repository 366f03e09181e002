"""Renditions: a few widths in WebP and the original's format, made once, by the worker."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from PIL import Image as PILImage

from images import renditions
from images.models import Rendition
from images.processing import clean_image
from images.services import store_image
from tests import services
from tests.factories import ArticleFactory
from tests.images import samples
from thinktank.celery import app as celery_app

pytestmark = pytest.mark.django_db


def library_image(data=None, name="photo.jpg", alt=""):
    clean = clean_image(SimpleUploadedFile(name, data or samples.jpeg_with_gps()))
    return store_image(clean, original_name=name, alt_text=alt)


def opened(file):
    with file.open("rb") as handle:
        data = handle.read()
    with PILImage.open(io.BytesIO(data)) as image:
        return image.format, image.size, data


@override_settings(IMAGE_RENDITION_WIDTHS=[480, 960, 1440])
def test_a_jpeg_gets_webp_and_jpeg_renditions_at_each_narrower_width():
    image = library_image()  # 1600 × 900
    made = renditions.make_renditions(image)
    assert sorted((r.format, r.width) for r in made) == [
        ("jpeg", 480),
        ("jpeg", 960),
        ("jpeg", 1440),
        ("webp", 480),
        ("webp", 960),
        ("webp", 1440),
        ("webp", 1600),
    ]
    for rendition in made:
        kind, size, data = opened(rendition.file)
        assert kind == {"webp": "WEBP", "jpeg": "JPEG"}[rendition.format]
        assert size == (rendition.width, round(900 * rendition.width / 1600))
        assert samples.gps_of(data) == {}
        assert rendition.url.startswith("/media/images/renditions/")


def test_renditions_are_made_once_and_the_original_is_kept():
    image = library_image()
    with image.file.open("rb") as handle:
        original = handle.read()
    first = renditions.make_renditions(image)
    assert first
    assert renditions.make_renditions(image) == []
    assert Rendition.objects.filter(image=image).count() == len(first)
    with image.file.open("rb") as handle:
        assert handle.read() == original


def test_a_small_image_gets_only_a_webp_copy_and_an_animated_one_none():
    small = library_image(samples.png((300, 200)), name="small.png")
    assert [(r.format, r.width) for r in renditions.make_renditions(small)] == [("webp", 300)]
    frames = [samples.picture((600, 400)).convert("P") for _ in range(2)]
    frames[1].paste(0, (0, 0, 300, 400))
    anim = samples.encoded(frames[0], "GIF", save_all=True, append_images=frames[1:])
    assert renditions.make_renditions(library_image(anim, name="a.gif")) == []


def srcsets(html):
    return re.findall(r'<source type="image/webp" srcset="([^"]+)"', html), re.findall(
        r'<img [^>]*srcset="([^"]+)"', html
    )


def test_an_article_page_offers_webp_and_widths_with_the_alt_text_kept(client):
    image = library_image()
    article = ArticleFactory(body=f'<p><img src="{image.url}" alt="The summit table"></p>')
    before = client.get(article.get_absolute_url()).content.decode()
    assert f'src="{image.url}"' in before and "<picture>" not in before

    renditions.make_renditions(image)
    page = client.get(article.get_absolute_url()).content.decode()
    (webp,), (own,) = srcsets(page)
    assert [c.split()[1] for c in webp.split(", ")] == ["480w", "960w", "1440w", "1600w"]
    assert all(c.split()[0].endswith(".webp") for c in webp.split(", "))
    assert [c.split()[1] for c in own.split(", ")] == ["480w", "960w", "1440w", "1600w"]
    assert own.split(", ")[-1] == f"{image.url} 1600w"  # the original is the largest
    assert 'alt="The summit table"' in page
    assert 'width="1600" height="900"' in page
    assert 'loading="lazy"' in page


def test_a_page_with_images_renders_them_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    images = [library_image() for _ in range(3)]
    for image in images:
        renditions.make_renditions(image)
    body = "".join(f'<p><img src="{i.url}" alt="x"></p>' for i in images)
    article = ArticleFactory(body=body)
    client.get(article.get_absolute_url())  # warm what is cached
    with django_assert_max_num_queries(12):
        page = client.get(article.get_absolute_url()).content.decode()
    assert page.count("<picture>") == 3


def test_a_cached_page_shows_renditions_once_the_worker_made_them(
    client, redis_cache, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE = True
    with django_capture_on_commit_callbacks(execute=True):
        image = library_image()
        article = ArticleFactory(body=f'<p><img src="{image.url}" alt="x"></p>')
    assert "<picture>" not in client.get(article.get_absolute_url()).content.decode()
    assert "<picture>" not in client.get(article.get_absolute_url()).content.decode()  # cached
    with django_capture_on_commit_callbacks(execute=True):
        renditions.make_renditions(image)
    assert "<picture>" in client.get(article.get_absolute_url()).content.decode()


@pytest.fixture
def redis_broker(redis_url):
    conf = celery_app.conf
    saved = conf.broker_url, conf.broker_transport_options
    broker = services.Broker(redis_url, 8)
    broker.flush()
    broker.use()
    yield broker
    broker.flush()
    services.use_broker(celery_app, saved[0])
    conf.broker_transport_options = saved[1]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_an_upload_has_its_renditions_made_by_a_real_worker(
    redis_broker, staff_client, settings, tmp_path
):
    env = services.worker_env(
        database_url=services.required(services.postgres_url, connection.settings_dict),
        broker_url=redis_broker.url,
        MEDIA_ROOT=settings.MEDIA_ROOT,
        PRIVATE_ROOT=settings.PRIVATE_ROOT,
        SITE_URL=settings.SITE_URL,
    )
    worker = services.Worker(env, tmp_path / "worker.log")
    try:
        services.required(worker.start)
        data = {"upload": SimpleUploadedFile("p.jpg", samples.jpeg_with_gps())}
        answer = staff_client.post("/admin/images/image/upload/", data).json()
        assert answer["uploaded"] == 1
        services.wait_for(
            lambda: Rendition.objects.filter(image_id=answer["id"]).count() == 7,
            timeout=60,
            what="the renditions",
        )
    finally:
        worker.stop()
        print(f"--- worker.log ---\n{worker.output()[-4000:]}")
    for rendition in Rendition.objects.filter(image_id=answer["id"]):
        assert (settings.MEDIA_ROOT / rendition.file.name).is_file()

import os

import pytest

from tests.factories import ArticleFactory, AuthorFactory, SeriesFactory


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "http://testserver"
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def redis_url():
    """The throwaway Redis that `make test` starts (bin/with-services)."""
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.fail("TEST_REDIS_URL is not set: run the suite with `make test`.")
    return url


@pytest.fixture
def eager_celery():
    """Tasks run in-process when enqueued (Celery's own eager mode)."""
    from thinktank.celery import app as celery_app

    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield celery_app
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def series(db):
    return SeriesFactory(name="IFANS Focus", slug="ifans-focus")


@pytest.fixture
def author(db):
    return AuthorFactory(name="LEE TaeRim", slug="lee-taerim", title="Professor")


@pytest.fixture
def article(series, author):
    return ArticleFactory(
        series=series,
        title="An Analysis of the Biden-Putin Summit",
        slug="an-analysis-of-the-biden-putin-summit",
        authors=[author],
        tags=["USRussiaRelations", "BidenPutinSummit"],
    )


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user(
        "editor", "editor@example.org", "pw-editor-123", is_staff=True, is_superuser=True
    )
    client.force_login(user)
    return client

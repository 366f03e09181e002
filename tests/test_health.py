"""/healthz and /readyz: what a load balancer polls, with no cookie and no hit counted."""

import pytest

from tests.services import free_port
from thinktank.celery import app as celery_app


@pytest.fixture
def services_on_redis(redis_cache, redis_url):
    """The cache and the broker on the real Redis of `make test`."""
    saved = celery_app.conf.broker_url
    celery_app.conf.broker_url = f"{redis_url}/6"
    yield
    celery_app.conf.broker_url = saved


def test_healthz_answers_without_the_database_or_a_cookie(client):
    # No django_db mark: any database access here would raise.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert not response.cookies
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_ready_when_database_cache_and_broker_answer(client, services_on_redis):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "broker": "ok"}
    assert not response.cookies


@pytest.mark.django_db
def test_readyz_names_an_unreachable_broker_with_503(client, services_on_redis):
    celery_app.conf.broker_url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "unreachable"
    assert response.json()["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_readyz_names_an_unreachable_cache_with_503(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "thinktank.redis_cache.SharedClientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "unreachable"


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_endpoints_refuse_other_methods(client, path):
    assert client.post(path).status_code == 405

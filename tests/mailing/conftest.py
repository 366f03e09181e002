"""Fixtures for mailing: a valid form, a real Redis broker, SMTP server and Celery worker."""

import time

import pytest
from django.db import connection
from django.urls import reverse

from mailing.forms import sign_started
from tests import services
from thinktank.celery import app as celery_app

BROKER_DB = 3


@pytest.fixture
def form_data(article):
    """A form as a person would send it: filled a minute after the page loaded."""

    def make(**fields):
        data = {
            "recipient": "friend@example.org",
            "content_address": article.absolute_url,
            "title": "You should read this",
            "message": "Worth reading, I think.\nSee the second part.",
            "homepage": "",
            "started": sign_started(time.time() - 60),
        }
        data.update(fields)
        return data

    return make


@pytest.fixture
def post_email(client, form_data):
    def post(*, json=False, ip="203.0.113.7", client=client, **fields):
        extra = {"REMOTE_ADDR": ip}
        extra.update({k: fields.pop(k) for k in list(fields) if k.startswith("HTTP_")})
        if json:
            extra["HTTP_ACCEPT"] = "application/json"
        return client.post(reverse("mailing:send"), form_data(**fields), **extra)

    return post


# --- Real services (tests/services.py) ---------------------------------------------


@pytest.fixture
def broker(redis_url):
    """The real Redis from `make test` as this process's broker (a database of its own)."""
    previous = (celery_app.conf.broker_url, celery_app.conf.broker_transport_options)
    b = services.Broker(redis_url, BROKER_DB)
    b.flush()
    b.use()
    yield b
    b.flush()
    services.use_broker(celery_app, previous[0])
    celery_app.conf.broker_transport_options = previous[1]


@pytest.fixture
def worker_env(broker, smtp_server, settings, tmp_path):
    return services.worker_env(
        database_url=services.required(services.postgres_url, connection.settings_dict),
        broker_url=broker.url,
        SECRET_KEY=settings.SECRET_KEY,
        EMAIL_URL=smtp_server.url,
        EMAIL_TIMEOUT=5,
        SITE_URL=settings.SITE_URL,
        DEFAULT_FROM_EMAIL=settings.DEFAULT_FROM_EMAIL,
        MAILING_RETRY_BASE_SECONDS=0.5,
        VAR_DIR=tmp_path / "var",
    )


@pytest.fixture
def make_worker(worker_env, tmp_path):
    """Start a worker (ready to consume) when the test says so; stopped after, log shown."""
    workers = []

    def make(start=True):
        worker = services.Worker(worker_env, tmp_path / f"worker-{len(workers)}.log")
        workers.append(worker)
        if start:
            services.required(worker.start)
        return worker

    yield make
    for worker in workers:
        worker.stop()
        print(f"--- {worker.log_path.name} ---\n{worker.output()[-4000:]}")

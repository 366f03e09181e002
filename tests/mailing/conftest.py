"""Fixtures for mailing: a valid form, a real Redis broker, SMTP server and Celery worker."""

import email
import email.policy
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import kombu.pools
import pytest
import redis
from aiosmtpd.controller import Controller
from django.db import connection
from django.urls import reverse

from mailing.forms import sign_started
from tests.support import free_port
from thinktank.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
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


# --- Broker -----------------------------------------------------------------------


def _use_broker(url):
    """Point this process's Celery app at `url`, dropping any pooled connection."""
    celery_app.conf.broker_url = url
    celery_app.conf.broker_transport_options = {"visibility_timeout": 3600}
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    kombu.pools.reset()  # the pools are shared, keyed by connection: start afresh


class Broker:
    def __init__(self, url):
        self.url = url
        self.redis = redis.Redis.from_url(url)

    def queued(self):
        """Messages waiting in the default queue."""
        return self.redis.llen("celery")

    def use(self, url=None):
        _use_broker(url or self.url)


@pytest.fixture
def broker(redis_url):
    """The real Redis from `make test` as this process's broker (a database of its own)."""
    previous = (celery_app.conf.broker_url, celery_app.conf.broker_transport_options)
    b = Broker(f"{redis_url.rstrip('/')}/{BROKER_DB}")
    b.redis.flushdb()
    b.use()
    yield b
    b.redis.flushdb()
    _use_broker(previous[0])
    celery_app.conf.broker_transport_options = previous[1]


# --- SMTP -------------------------------------------------------------------------


class Recorder:
    """An aiosmtpd handler that keeps what it receives and can be told to refuse."""

    def __init__(self):
        self.received = []
        self.rcpt_reply = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self):
        self.port = free_port()
        self.handler = Recorder()
        self.controller = None

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def received(self):
        return self.handler.received

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


# --- Worker -----------------------------------------------------------------------


def _test_database_url():
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


class Worker:
    """`celery -A thinktank worker` in a subprocess, on the test database and broker."""

    def __init__(self, env, log_path):
        self.env = env
        self.log_path = log_path
        self.process = None

    def start(self):
        self.log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "thinktank", "worker", "--loglevel=INFO"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self.process:
            self.log.close()
        self.process = None

    def output(self):
        return Path(self.log_path).read_text(errors="replace")


@pytest.fixture
def worker_env(broker, smtp_server, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("The delivery tests need the PostgreSQL of `make test`.")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "thinktank.settings",
        "SECRET_KEY": settings.SECRET_KEY,
        "DEBUG": "0",
        "DATABASE_URL": _test_database_url(),
        "CONN_MAX_AGE": "0",
        "CELERY_BROKER_URL": broker.url,
        "EMAIL_URL": smtp_server.url,
        "EMAIL_TIMEOUT": "5",
        "SITE_URL": settings.SITE_URL,
        "DEFAULT_FROM_EMAIL": settings.DEFAULT_FROM_EMAIL,
        "MAILING_RETRY_BASE_SECONDS": "0.5",
        "VAR_DIR": str(tmp_path / "var"),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    return env


@pytest.fixture
def make_worker(worker_env, tmp_path, request):
    """Start a worker when the test says so; stopped (and its log shown on failure) after."""
    workers = []

    def make(start=True):
        worker = Worker(worker_env, tmp_path / f"worker-{len(workers)}.log")
        workers.append(worker)
        if start:
            worker.start()
        return worker

    yield make
    for worker in workers:
        worker.stop()
        print(f"--- {worker.log_path.name} ---\n{worker.output()[-4000:]}")

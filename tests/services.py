"""The real services tests and benchmarks run against, in one place.

Free and closed ports, waiting for a condition, a Redis broker for Celery, an
SMTP sink (aiosmtpd) and `celery -A thinktank worker` in a subprocess. The
pytest fixtures (tests/conftest.py, tests/mailing/conftest.py) are thin
wrappers around these; bench/ scripts (run from the repository root) import
them directly. Nothing here imports Django, so a bench script may import it
before `django.setup()`.
"""

import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class ServiceMissing(Exception):
    """A service the caller needs is not there; under pytest this is a failure, never a skip."""


def required(service, *args):
    """Call `service(*args)`; under pytest a ServiceMissing fails the test with its reason."""
    try:
        return service(*args)
    except ServiceMissing as missing:
        import pytest

        pytest.fail(str(missing), pytrace=False)


# --- Ports and waiting ------------------------------------------------------------


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def closed_port():
    """A port that is bound but never listens: a connection to it is refused, proven.

    Unlike a fixed port (9, "discard") or a port that was free a moment ago,
    nobody else can start listening on it while the block runs.
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def wait_for(predicate, timeout=20.0, what="condition", interval=0.05):
    """Poll `predicate` until it returns something truthy; fail after `timeout` s.

    Under pytest the failure is `pytest.fail`; elsewhere (bench) a TimeoutError.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            break
        time.sleep(interval)
    message = f"Timed out after {timeout}s waiting for {what}"
    if "pytest" in sys.modules:
        import pytest

        pytest.fail(message)
    raise TimeoutError(message)


def answers(url, status=200):
    """True if `url` answers with `status` now (for wait_for: a server is up)."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == status
    except urllib.error.HTTPError as error:
        return error.code == status
    except OSError:
        return False


# --- Configuration from bin/with-services ----------------------------------------


def redis_url():
    """The throwaway Redis that `make test` / `make bench` start (bin/with-services)."""
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        raise ServiceMissing("TEST_REDIS_URL is not set: run under bin/with-services (make test).")
    return url.rstrip("/")


def s3_endpoint():
    """The S3 API (moto's server) that `make test` starts (bin/with-services)."""
    url = os.environ.get("TEST_S3_ENDPOINT_URL")
    if not url:
        raise ServiceMissing("TEST_S3_ENDPOINT_URL is not set: run under bin/with-services.")
    return url


def postgres_url(settings_dict):
    """A DATABASE_URL for another process, from a Django connection's settings_dict."""
    s = settings_dict
    if "postgresql" not in s["ENGINE"]:
        raise ServiceMissing(
            f"PostgreSQL is needed (DATABASE_URL names {s['ENGINE']}): run under "
            "bin/with-services (make test)."
        )
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


# --- Broker -----------------------------------------------------------------------


def use_broker(celery_app, url):
    """Point this process's Celery app at `url`, dropping any pooled connection."""
    import kombu.pools

    celery_app.conf.broker_url = url
    celery_app.conf.broker_transport_options = {"visibility_timeout": 3600}
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    kombu.pools.reset()  # the pools are shared, keyed by connection: start afresh


class Broker:
    """A Redis database of its own as Celery's broker."""

    def __init__(self, base_url, db):
        import redis

        self.url = f"{base_url.rstrip('/')}/{db}"
        self.redis = redis.Redis.from_url(self.url)

    def queued(self):
        """Messages waiting in the default queue."""
        return self.redis.llen("celery")

    def settled(self):
        """Nothing waiting and nothing taken but unfinished (tasks ack late), so no task
        can still run: what "nothing else will arrive" means, as a condition."""
        return self.queued() == 0 and self.redis.hlen("unacked") == 0

    def use(self, url=None):
        """Make this process's Celery app publish to this broker (or to `url`)."""
        from thinktank.celery import app

        use_broker(app, url or self.url)

    def flush(self):
        self.redis.flushdb()


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
    """A real SMTP server (aiosmtpd) on a free port; stop() and start() again at will."""

    def __init__(self, handler=None):
        self.port = free_port()
        self.handler = handler or Recorder()
        self.controller = None

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def received(self):
        return self.handler.received

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None


# --- Worker -----------------------------------------------------------------------


def worker_env(*, database_url, broker_url, **settings):
    """The environment of a worker on the given database and broker; `settings` are
    further environment variables (EMAIL_URL, MEDIA_ROOT, ...), str()-ed."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "thinktank.settings",
        "DEBUG": "0",
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "0",
        "CELERY_BROKER_URL": broker_url,
        "PYTHONPATH": str(ROOT),
    }
    env.setdefault("SECRET_KEY", "insecure-test-worker")
    env.update({key: str(value) for key, value in settings.items()})
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    return env


class Worker:
    """`celery -A thinktank worker` in a subprocess, the same for tests and benchmarks."""

    ARGS = ["--concurrency=2", "--without-heartbeat", "--without-gossip", "--without-mingle"]

    def __init__(self, env, log_path):
        self.env = env
        self.log_path = Path(log_path)
        self.process = None
        self.log = None

    def start(self, ready=True, timeout=60):
        """Start the worker; with `ready`, return once it consumes from the broker."""
        self.log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "thinktank", "worker", "--loglevel=INFO"]
            + self.ARGS,
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        if ready:
            wait_for(self.ready, timeout=timeout, what=f"the Celery worker ({self.log_path})")
        return self

    def ready(self):
        if self.process.poll() is not None:
            raise ServiceMissing(f"the Celery worker exited:\n{self.output()[-4000:]}")
        return " ready." in self.output()

    def finished(self, task):
        """How many runs of `task` (dotted name) the worker has logged as done."""
        marker = f"Task {task}["
        return sum(
            1
            for line in self.output().splitlines()
            if marker in line and (" succeeded in " in line or " raised " in line)
        )

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self.log:
            self.log.close()
            self.log = None
        self.process = None

    def output(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

"""Mailing figures: the form POST's latency, and how fast a worker drains 200 mails.

1. Many form POSTs through Django's test Client against PostgreSQL, with the
   task published to Redis: median and p95 (no SMTP on the request path).
2. 200 queued mails, one real `celery -A thinktank worker` (default settings)
   on Redis, delivered to a local aiosmtpd server: elapsed time.

Needs DATABASE_URL (PostgreSQL) and TEST_REDIS_URL, as `bin/with-services` gives.
Prints figures; asserts nothing about speed.
"""

import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import services as harness  # noqa: E402 - the same harness as the tests

POSTS = 300
MAILS = 200


def bench_database():
    """A fresh database beside the one DATABASE_URL names."""
    import psycopg2

    url = urlsplit(os.environ["DATABASE_URL"])
    name = "thinktank_bench_mailing"
    admin = psycopg2.connect(urlunsplit(url._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return urlunsplit(url._replace(path=f"/{name}"))


def setup_env(tmp):
    broker = harness.Broker(harness.redis_url(), 4).url
    env = {
        "DJANGO_SETTINGS_MODULE": "thinktank.settings",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "insecure-bench-only",
        "DEBUG": "0",
        "DATABASE_URL": bench_database(),
        "CELERY_BROKER_URL": broker,
        "SITE_URL": "http://testserver",
        "ALLOWED_HOSTS": "testserver",
        "VAR_DIR": str(Path(tmp) / "var"),
        "MAILING_RATE_SITE_PER_HOUR": "100000",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    return env


def main():
    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic here
    with tempfile.TemporaryDirectory() as tmp:
        env = setup_env(tmp)
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client
        from django.urls import reverse

        from mailing import services
        from mailing.forms import sign_started
        from mailing.models import Mail
        from tests.factories import ArticleFactory

        call_command("migrate", verbosity=0)
        broker = harness.Broker(harness.redis_url(), 4)
        broker.flush()
        article = ArticleFactory(title="An Analysis of the Biden-Putin Summit")

        # 1. The form POST.
        client = Client()
        url = reverse("mailing:send")
        timings = []
        for n in range(POSTS):
            started = sign_started(time.time() - 60)  # a token sends one mail
            data = {
                "recipient": f"reader{n}@example.org",
                "content_address": article.absolute_url,
                "title": "Worth reading",
                "message": "Have a look at this one.",
                "started": started,
            }
            t0 = time.perf_counter()
            response = client.post(url, data, REMOTE_ADDR=f"10.1.{n // 250}.{n % 250}")
            timings.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 302, response.status_code
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"form POST ({POSTS} requests, PostgreSQL, task published to Redis):")
        print(f"  median {statistics.median(timings):.1f} ms   p95 {p95:.1f} ms")
        print(f"  queued in Redis: {broker.queued()}")
        broker.flush()
        Mail.objects.all().delete()

        # 2. 200 queued mails through a real worker to a real SMTP server.
        received = []

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                received.append(time.perf_counter())
                return "250 OK"

        smtp = harness.SmtpServer(Handler())
        smtp.start()
        rows = Mail.objects.bulk_create(
            Mail(
                article=article,
                recipient=f"reader{n}@example.org",
                title="Worth reading",
                message="Have a look.",
                client_hash="bench",
            )
            for n in range(MAILS)
        )
        for row in rows:
            services.enqueue(row.pk)
        worker_env = harness.worker_env(  # os.environ carries the rest of `env`
            database_url=env["DATABASE_URL"], broker_url=broker.url, EMAIL_URL=smtp.url
        )
        worker = harness.Worker(worker_env, Path(tmp) / "worker.log")
        t0 = time.perf_counter()
        worker.start(ready=False)
        try:
            harness.wait_for(lambda: len(received) >= MAILS, timeout=120, what="every mail")
            elapsed = time.perf_counter() - t0
            first = received[0] - t0
            print(f"{MAILS} queued mails to a local SMTP server (1 worker, {worker.ARGS[0]}):")
            print(f"  {len(received)} delivered in {elapsed:.1f} s from worker start")
            print(f"  (first mail after {first:.1f} s; {elapsed - first:.1f} s sending)")
            harness.wait_for(broker.settled, timeout=30, what="the worker to finish")
            sent = Mail.objects.filter(status=Mail.Status.SENT).count()
            print(f"  rows marked sent: {sent}; SMTP messages received: {len(received)}")
        finally:
            worker.stop()
            smtp.stop()
            broker.flush()
            from django.db import connections

            connections.close_all()


if __name__ == "__main__":
    main()

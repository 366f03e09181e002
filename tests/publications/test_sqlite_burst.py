"""The embedded SQLite default serves a burst of new readers without "database is locked".

A real gunicorn (2 workers, 8 threads each) on a real SQLite file, hit by 40
simultaneous readers: every request succeeds and every hit is counted.
"""

import os
import sqlite3
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

from tests.services import answers, free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
READERS = 40
CREATE_ARTICLE = """
from django.utils import timezone
from publications.models import Article, Series
series = Series.objects.create(name="IFANS Focus", slug="ifans-focus")
Article.objects.create(series=series, title="Burst", slug="burst", status="published",
                       published_at=timezone.now() - timezone.timedelta(days=1))
"""


@pytest.fixture
def sqlite_site(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_URL": "locmemcache://",
        "DEBUG": "1",
        "VAR_DIR": str(tmp_path / "var"),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "LOG_LEVEL": "WARNING",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run([*manage, "shell", "-c", CREATE_ARTICLE], env=env, cwd=ROOT, check=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "thinktank.wsgi", "-w", "2", "-k", "gthread",
         "--threads", "8", "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: answers(f"{base}/robots.txt"), timeout=30, what="gunicorn on SQLite")
        yield base, tmp_path / "db.sqlite3"
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_burst_of_new_readers_is_served_and_counted(sqlite_site):
    base, database = sqlite_site
    barrier = threading.Barrier(READERS)
    statuses = []

    def read():
        request = urllib.request.Request(
            f"{base}/ko/publications/ifans-focus/burst/",
            headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"},
        )
        barrier.wait(timeout=30)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)

    threads = [threading.Thread(target=read) for _ in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert statuses == [200] * READERS
    with sqlite3.connect(database) as connection:
        (hits,) = connection.execute(
            "SELECT hits FROM publications_article WHERE slug = 'burst'"
        ).fetchone()
    assert hits == READERS

"""Article page throughput with hit counting, against a bare one-query view.

Both are served by the same `gunicorn -w 2` on PostgreSQL with Redis as
CACHE_URL, and loaded by wrk with a browser User-Agent and no cookies, so
every request is a new reader whose hit is counted. Runs alternate
(bare, article, bare, article, ...) so drift hits both alike. Prints figures;
asserts nothing about speed.

Needs DATABASE_URL (PostgreSQL) and TEST_REDIS_URL, as `make bench` provides.
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.services import answers, free_port, redis_url, wait_for  # noqa: E402 - shared with the tests

PYTHON = sys.executable
DURATION = os.environ.get("BENCH_DURATION", "8s")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"


def server_env(tmp):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret"),
        "CACHE_URL": redis_url() + "/1",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "LOG_LEVEL": "WARNING",
    }
    return env, port


SETUP = """
import datetime
from django.core.files.base import ContentFile
from django.utils import timezone
from publications.models import Article, ArticleAuthor, Attachment, Author, Series

series, _ = Series.objects.get_or_create(slug="bench-focus", defaults={"name": "Bench Focus"})
author, _ = Author.objects.get_or_create(slug="bench-author", defaults={"name": "LEE TaeRim"})
day = datetime.timedelta(days=1)
start = timezone.now() - 10 * day
body = "".join(f"<p>Paragraph {n} of a long analysis of the summit.</p>" for n in range(30))
for n, slug in enumerate(["bench-before", "bench-article", "bench-after"]):
    article, created = Article.objects.get_or_create(
        series=series, slug=slug,
        defaults={"title": f"Benchmark article {slug}", "body": body, "status": "published",
                  "published_at": start + n * day, "summary": "A summary."},
    )
    if created:
        ArticleAuthor.objects.create(article=article, author=author)
        article.tags.add("USRussiaRelations", "BidenPutinSummit", "Cybersecurity")
        Attachment.objects.create(article=article, title="The Full Text",
                                  file=ContentFile(b"%PDF-1.4 bench", name="full.pdf"))
"""


RESET_HITS = """
from publications.hits import flush_buffered_hits
from publications.models import Article
flush_buffered_hits()
Article.objects.filter(slug="bench-article").update(hits=0)
"""
COUNT_HITS = """
from publications.hits import flush_buffered_hits
from publications.models import Article
flush_buffered_hits()
print(Article.objects.get(slug="bench-article").hits)
"""


def wrk(url):
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{DURATION}", "-H", f"User-Agent: {BROWSER}", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    served = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url} answered {errors.group(1)} errors:\n{out}")
    return rps, served


def wait_until_up(url):
    wait_for(lambda: answers(url), timeout=30, what=f"the server at {url}")


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (bin/system-deps bench installs it)")
    tmp = Path(tempfile.mkdtemp(prefix="bench-article-"))
    env, port = server_env(tmp)
    manage = [PYTHON, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run([*manage, "shell", "-c", SETUP], env=env, cwd=ROOT, check=True)
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "thinktank.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    article_url = f"{base}/publications/bench-focus/bench-article/"
    try:
        wait_until_up(f"{base}/bench/bare/")
        wait_until_up(article_url)
        shell = [*manage, "shell", "-c"]
        subprocess.run([*shell, RESET_HITS], env=env, cwd=ROOT, check=True)
        wrk(f"{base}/bench/bare/")  # warm both workers
        article_requests = wrk(article_url)[1]
        bare, article = [], []
        for _ in range(ROUNDS):
            bare.append(wrk(f"{base}/bench/bare/")[0])
            rps, served = wrk(article_url)
            article.append(rps)
            article_requests += served
        counted = subprocess.run(
            [*shell, COUNT_HITS], env=env, cwd=ROOT, check=True, capture_output=True, text=True
        )
        recorded = counted.stdout.strip().splitlines()[-1]
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(tmp, ignore_errors=True)
    bare_rps, article_rps = statistics.median(bare), statistics.median(article)
    print(f"bare view (1 query + small template): {bare_rps:8.0f} req/s  runs={bare}")
    print(f"article page, every request counted:  {article_rps:8.0f} req/s  runs={article}")
    print(f"article / bare: {article_rps / bare_rps:.0%} (target: at least 50%)")
    print(f"hits: {article_requests} article requests answered, {recorded} hits recorded")


if __name__ == "__main__":
    main()

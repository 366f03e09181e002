"""The site's pages as a ratio to the floor, the cheapest page Django can serve.

The floor (`bench/floor/`: CommonMiddleware only, a persistent connection,
one query by primary key, a 1 KB template) and the project are served side
by side by `gunicorn -w 2` (sync workers) on the same PostgreSQL, the project
with Redis as CACHE_URL as in production. wrk loads them with a browser
User-Agent. For every page, rounds alternate floor, page, floor, page... and
the ratio is the median over rounds of page / floor measured back to back,
so drift on this shared machine hits both alike. Beside it, the servers' CPU
time per request (from /proc), which other work on the machine disturbs
less than requests per second. Prints figures; asserts
nothing about speed, except that hit counting stays exact under load.

Needs DATABASE_URL (PostgreSQL) and TEST_REDIS_URL, as `make bench` provides.
BENCH_DURATION (wrk's -d, default 5s) and BENCH_ROUNDS (default 3) tune it.
"""

import http.cookies
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.floor.table import CREATE_TABLE  # noqa: E402
from tests.services import answers, free_port, wait_for  # noqa: E402 - shared with the tests

PYTHON = sys.executable
DURATION = os.environ.get("BENCH_DURATION", "5s")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = 16
BURST = 400  # new readers in the exact-count check, CONNECTIONS at a time
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"
# The project's production command, as in README and deploy/systemd/.
GUNICORN = [PYTHON, "-m", "gunicorn", "-w", "2", "--log-level", "warning"]

SETUP = """
import datetime
from django.core.files.base import ContentFile
from django.utils import timezone
from publications.models import Article, ArticleAuthor, Attachment, Author, Series

series, _ = Series.objects.get_or_create(slug="bench-focus", defaults={"name": "Bench Focus"})
author, _ = Author.objects.get_or_create(slug="bench-author", defaults={"name": "LEE TaeRim"})
day = datetime.timedelta(days=1)
start = timezone.now() - 40 * day
body = "".join(f"<p>Paragraph {n} of a long analysis of the summit.</p>" for n in range(30))
slugs = ["bench-before", "bench-article", "bench-after"] + [f"bench-{n}" for n in range(30)]
for n, slug in enumerate(slugs):
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
from publications.hits import flush_buffered_hits, forget_stored
from publications.models import Article
flush_buffered_hits()
Article.objects.filter(slug="bench-article").update(hits=0)  # a counter: announces nothing
forget_stored(Article.objects.filter(slug="bench-article").values_list("pk", flat=True))
"""
COUNT_HITS = """
from publications.hits import flush_buffered_hits
from publications.models import Article
flush_buffered_hits()
print(Article.objects.get(slug="bench-article").hits)
"""

# The bench articles are in the default edition (LANGUAGE_CODE, Korean).
EDITION = "/ko"
ARTICLE = f"{EDITION}/publications/bench-focus/bench-article/"
# (label, path, counts a hit per request)
PAGES = [
    ("article, every request a new reader", ARTICLE, True),
    ("article, reader already counted", ARTICLE, False),
    ("series page", f"{EDITION}/publications/bench-focus/", False),
    ("tag page", f"{EDITION}/tags/usrussiarelations/", False),
    ("author page", f"{EDITION}/authors/bench-author/", False),
    ("home page", f"{EDITION}/", False),
    ("feed", f"{EDITION}/feed/", False),
    ("series feed", f"{EDITION}/publications/bench-focus/feed/", False),
    ("sitemap", "/sitemap.xml", False),
]


def cpu_seconds(pid):
    """CPU time (user + system) used so far by a gunicorn master and its workers."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    ticks = 0
    for process in [pid, *children]:
        try:
            stat = Path(f"/proc/{process}/stat").read_text()
        except FileNotFoundError:
            continue  # a worker that was replaced meanwhile
        fields = stat.rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def wrk(url, cookie=None, server=None):
    """(requests per second, requests answered, server CPU µs per request) for `url` under wrk.

    `server`: the gunicorn master answering `url`, whose CPU time is read
    from /proc before and after (None: CPU is not measured, 0.0).
    """
    headers = ["-H", f"User-Agent: {BROWSER}"]
    if cookie:
        headers += ["-H", f"Cookie: {cookie}"]
    cpu_before = cpu_seconds(server.pid) if server else 0.0
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", *headers, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    served = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: .*", out)
    if errors or socket_errors:
        raise SystemExit(f"{url} answered with errors:\n{out}")
    cpu = (cpu_seconds(server.pid) - cpu_before) * 1e6 / served if server else 0.0
    return rps, served, cpu


def fetch(url):
    """The response of one GET as a browser would send it (the server is up)."""
    request = urllib.request.Request(url, headers={"User-Agent": BROWSER})
    return urllib.request.urlopen(request, timeout=5)


def answers_itself(url):
    """GET `url` once: it must answer 200 itself (wrk would count a redirect as success)."""
    with fetch(url) as response:
        response.read()
        if response.status != 200 or response.geturl() != url:
            raise SystemExit(f"{url} answered {response.status} from {response.geturl()}")


def seen_cookie(url):
    """The cookies a browser keeps from its first view: `tt_seen` (counted) and `csrftoken`."""
    with fetch(url) as response:
        jar = http.cookies.SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
    return "; ".join(f"{name}={jar[name].value}" for name in ("tt_seen", "csrftoken"))


def burst_of_new_readers(url):
    """BURST cookieless article requests, CONNECTIONS at a time; all must answer 200."""

    def read(_):
        with fetch(url) as response:
            response.read()
            return response.status

    with ThreadPoolExecutor(CONNECTIONS) as pool:
        statuses = list(pool.map(read, range(BURST)))
    if statuses != [200] * BURST:
        raise SystemExit(f"the burst of new readers got {sorted(set(statuses))}")


def create_floor_table(database_url):
    connection = psycopg2.connect(database_url)
    with connection, connection.cursor() as cursor:
        cursor.execute(CREATE_TABLE)
    connection.close()


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (bin/system-deps bench installs it)")
    tmp = Path(tempfile.mkdtemp(prefix="bench-article-"))
    site_port, floor_port = free_port(), free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "thinktank.settings",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-only-secret",
        "CACHE_URL": os.environ["TEST_REDIS_URL"] + "/1",
        "VAR_DIR": str(tmp / "var"),
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "SITE_URL": f"http://127.0.0.1:{site_port}",
        "LOG_LEVEL": "WARNING",
    }
    floor_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.floor.settings"}
    shell = [PYTHON, "manage.py", "shell", "-c"]
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, check=True
    )
    subprocess.run([*shell, SETUP], env=env, cwd=ROOT, check=True)
    create_floor_table(os.environ["DATABASE_URL"])
    servers = [
        subprocess.Popen(
            [*GUNICORN, "thinktank.wsgi", "-b", f"127.0.0.1:{site_port}"], env=env, cwd=ROOT
        ),
        subprocess.Popen(
            [*GUNICORN, "bench.floor.wsgi", "-b", f"127.0.0.1:{floor_port}"],
            env=floor_env,
            cwd=ROOT,
        ),
    ]
    site = f"http://127.0.0.1:{site_port}"
    floor = f"http://127.0.0.1:{floor_port}/floor/"
    results = {}
    try:
        for url in (floor, f"{site}/healthz"):
            wait_for(lambda url=url: answers(url), timeout=30, what=f"the server at {url}")
        with fetch(floor) as response:
            floor_bytes = len(response.read())
        for _, path, _ in PAGES:
            answers_itself(site + path)
        cookie = seen_cookie(site + ARTICLE)
        subprocess.run([*shell, RESET_HITS], env=env, cwd=ROOT, check=True)
        wrk(floor)  # warm both workers of both servers
        counted_requests = counted_runs = 0
        site_server, floor_server = servers
        for label, path, counts in PAGES:
            warm = wrk(site + path, None if counts else cookie)[1]
            counted_requests += warm if counts else 0
            counted_runs += 1 if counts else 0
            floors, pages, ratios, cpu_ratios = [], [], [], []
            for _ in range(ROUNDS):
                floor_rps, _served, floor_cpu = wrk(floor, server=floor_server)
                page_rps, served, page_cpu = wrk(
                    site + path, None if counts else cookie, server=site_server
                )
                counted_requests += served if counts else 0
                counted_runs += 1 if counts else 0
                floors.append(floor_rps)
                pages.append(page_rps)
                ratios.append(page_rps / floor_rps)
                cpu_ratios.append(floor_cpu / page_cpu)
            results[label] = (
                statistics.median(pages),
                statistics.median(floors),
                ratios,
                statistics.median(cpu_ratios),
            )
        recorded = count_hits(shell, env)
        # wrk stops with up to CONNECTIONS requests in flight that the server
        # still answers (and counts); a fixed burst is counted exactly.
        subprocess.run([*shell, RESET_HITS], env=env, cwd=ROOT, check=True)
        burst_of_new_readers(site + ARTICLE)
        burst_recorded = count_hits(shell, env)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=20)
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"floor: {floor_bytes} bytes, 1 query by pk, CommonMiddleware only; gunicorn -w 2")
    print(f"wrk -t2 -c16 -d{DURATION}, {ROUNDS} rounds alternating floor / page\n")
    print(f"{'page':40} {'req/s':>8} {'floor':>8} {'ratio':>6} {'cpu':>6}   ratios per round")
    for label, (page_rps, floor_rps, ratios, cpu_ratio) in results.items():
        rounds = " ".join(f"{r:.0%}" for r in ratios)
        ratio = statistics.median(ratios)
        print(
            f"{label:40} {page_rps:8.0f} {floor_rps:8.0f} {ratio:6.0%} {cpu_ratio:6.0%}   {rounds}"
        )
    print(
        "\ncpu: the floor's server CPU per request / the page's (gunicorn master and workers,"
        "\nfrom /proc), median over rounds: steadier than req/s when other work shares the machine"
    )
    # The already-counted runs send the cookie and must not count; every
    # new-reader request must count exactly once.
    in_flight = CONNECTIONS * counted_runs
    print(
        f"\nhits under wrk: {counted_requests} new-reader responses received by wrk, "
        f"{recorded} hits recorded (wrk may leave up to {in_flight} requests in flight)"
    )
    print(f"hits in a burst of {BURST} new readers: {burst_recorded} recorded")
    exact = counted_requests <= recorded <= counted_requests + in_flight
    exact = exact and burst_recorded == BURST
    print("hits: exact" if exact else "hits: NOT EXACT")
    return 0 if exact else 1


def count_hits(shell, env):
    out = subprocess.run(
        [*shell, COUNT_HITS], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return int(out.split()[-1])


if __name__ == "__main__":
    sys.exit(main())

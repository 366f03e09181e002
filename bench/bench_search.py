"""Site search at 10,000 articles: indexing time, results-page latency and throughput.

Generates a synthetic bilingual corpus (Korean and English articles built from
word lists) in a throwaway test database (PostgreSQL under `make bench`), times
`manage.py rebuild_search_index` over it, then serves the project and the
floor (bench/floor/, the bare one-query view) side by side with `gunicorn -w 2`
on that database, the project with Redis as its cache as in production:

- p50/p95 of the results page over HTTP, one request at a time: for a mix of
  queries asked again (cached counts and ids) and for queries never asked
  before (everything computed), with the SQL each runs;
- throughput under wrk (the mix of queries, rotated) as a ratio to the floor,
  rounds alternating floor / search, median of the ratios;
- the memory the Korean analyser adds to a web worker (RSS of the gunicorn
  workers before and after their first Korean query) and to a worker process
  running the indexing task.

The figures above are the worst case, and the ones reported: every word of that
corpus is in nearly every article of its language, so a query ranks some 5,000
articles. A second, clearly labelled figure follows on a more realistic corpus
(`zipf_corpus`: word frequencies follow Zipf's law, so a query word is in a few
percent to most of the articles), which replaces the first in the throwaway
database after it has been measured (skipped with BENCH_SEARCH_KEEPDB, or
BENCH_SEARCH_REALISTIC=0).

Prints figures; asserts nothing about speed.

    SECRET_KEY=x bin/with-services .venv/bin/python bench/bench_search.py [N]

BENCH_DURATION (wrk's -d, default 5s) and BENCH_ROUNDS (default 3) tune it.
"""

import contextlib
import datetime
import itertools
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update(MEDIA_ROOT=tempfile.mkdtemp(prefix="bench-search-"), SITE_URL="http://testserver")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thinktank.settings")

import django  # noqa: E402
import redis  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.floor.table import CREATE_TABLE  # noqa: E402
from tests.services import answers, free_port, wait_for  # noqa: E402

PYTHON = sys.executable
DURATION = os.environ.get("BENCH_DURATION", "5s")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
GUNICORN = [PYTHON, "-m", "gunicorn", "-w", "2", "--log-level", "warning"]
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"

KO = (  # noqa: SIM905
    "한미동맹은 동아시아 안보의 핵심 축이다 정상회담의 결과가 주목된다 북한의 핵 개발은 "
    "지역 안정을 위협한다 외교정책은 국익을 중심으로 추진된다 경제 협력과 공급망 재편이 "
    "논의되었다 한반도 평화 프로세스는 새로운 국면에 접어들었다 중국과 일본의 관계도 중요하다"
).split()
EN = (  # noqa: SIM905
    "sanctions alliance summit nuclear negotiations security cooperation supply chains "
    "strategy diplomacy deterrence regional stability economic partnership climate energy "
    "hydrogen semiconductors maritime dialogue Pyongyang Seoul Washington Beijing Tokyo "
    "the of and in on for with a to policy analysis implications"
).split()
QUERIES = [
    "동맹",
    "정상회담",
    "한미 동맹",
    "북한 핵",
    "sanctions",
    "nuclear negotiations",
    '"supply chains"',
    "alliance -nuclear",
    "hydrogen energy",
    "",
]


def sentence(rng, words, n):
    return " ".join(rng.choice(words) for _ in range(n))


def corpus(count):
    """The worst case: every article's words drawn evenly from a few dozen (KO, EN)."""
    rng = random.Random(10)
    words = {"ko": KO, "en": EN}
    write_articles(count, rng, lambda language, n: sentence(rng, words[language], n))


def write_articles(count, rng, words):
    """`count` articles, Korean and English in turn, one in ten a draft, five series and
    forty authors; `words(language, n)` writes n words of their text."""
    from publications.models import Article, ArticleAuthor, Author, Series

    series = [Series.objects.create(name=f"Series {n}", slug=f"s{n}") for n in range(5)]
    authors = [Author.objects.create(name=f"Author {n}", slug=f"a{n}") for n in range(40)]
    now = timezone.now()
    articles = []
    for number in range(count):
        language = "ko" if number % 2 else "en"
        body = "".join(f"<p>{words(language, 40)}.</p>" for _ in range(6))
        articles.append(
            Article(
                series=rng.choice(series),
                title=words(language, 6),
                slug=f"article-{number}",
                summary=words(language, 25),
                body=body,
                status=Article.Status.PUBLISHED if number % 10 else Article.Status.DRAFT,
                language=language,
                published_at=now - datetime.timedelta(days=rng.randint(1, 3000)),
            )
        )
    Article.objects.bulk_create(articles, batch_size=1000)
    links = [
        ArticleAuthor(article=article, author=rng.choice(authors))
        for article in Article.objects.only("id")
    ]
    ArticleAuthor.objects.bulk_create(links, batch_size=2000)


ZIPF_WORDS = 3000  # per language; the word of rank r is drawn with weight 1/r
ZIPF_QUERY_RANKS = 500  # query words are drawn uniformly among the commonest 500


def zipf_vocabulary(rng, syllables, joiner, suffixes=("",)):
    """ZIPF_WORDS distinct made-up words, commonest first."""
    words, seen = [], set()
    while len(words) < ZIPF_WORDS:
        stem = joiner.join(rng.choice(syllables) for _ in range(rng.randint(2, 3)))
        if stem not in seen:
            seen.add(stem)
            words.append(stem + rng.choice(suffixes))
    return words


def zipf_vocabularies():
    """{language: words}: Korean made of Hangul syllables (with particles), English of letters."""
    rng = random.Random(11)
    hangul = list("가나다라마바사자차카타파하고노도로모보소조호구누두루무부수주후기니디리미")
    hangul += list("비시지치정상회담동맹한북핵외교책경제협력평화안보군사통일국민문화산업기술")
    latin = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    return {
        "ko": zipf_vocabulary(rng, hangul, "", ("", "은", "의", "을", "이")),
        "en": zipf_vocabulary(rng, latin, ""),
    }


def zipf_corpus(count):
    """`count` articles shaped as corpus() writes them, their words drawn by Zipf's law."""
    rng = random.Random(12)
    vocabularies = zipf_vocabularies()
    weights = list(itertools.accumulate(1 / rank for rank in range(1, ZIPF_WORDS + 1)))

    def words(language, n):
        return " ".join(rng.choices(vocabularies[language], cum_weights=weights, k=n))

    write_articles(count, rng, words)


def replace_corpus(count):
    """The worst-case corpus out of the database, the Zipf one in, indexed (timed)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE publications_article, publications_series, publications_author CASCADE"
        )
    started = time.monotonic()
    zipf_corpus(count)
    print(f"Zipf corpus written in {time.monotonic() - started:.1f} s")
    started = time.monotonic()
    call_command("rebuild_search_index", verbosity=0)
    print(f"rebuild_search_index: {time.monotonic() - started:.1f} s")


def zipf_queries(rng, n):
    """`n` queries of two words each, alternately Korean and English."""
    vocabularies = zipf_vocabularies()
    return [
        " ".join(rng.choice(vocabularies[language][:ZIPF_QUERY_RANKS]) for _ in range(2))
        for language in ["ko", "en"] * (n // 2)
    ]


def database_url(settings_dict):
    user = urllib.parse.quote(settings_dict["USER"] or "")
    password = urllib.parse.quote(settings_dict["PASSWORD"] or "")
    auth = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = f"{settings_dict['HOST'] or 'localhost'}:{settings_dict['PORT'] or 5432}"
    return f"postgres://{auth}{host}/{settings_dict['NAME']}"


def get(url):
    request = urllib.request.Request(url, headers={"User-Agent": BROWSER})
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        return response.status


def timed(url):
    started = time.monotonic()
    assert get(url) == 200
    return time.monotonic() - started


def percentiles(samples):
    samples = sorted(samples)
    p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
    return statistics.median(samples) * 1000, p95 * 1000


def wrk(url, script=None):
    extra = ["-s", script] if script else []
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{DURATION}", "-H", f"User-Agent: {BROWSER}", *extra, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if re.search(r"Non-2xx or 3xx responses|Socket errors", out):
        raise SystemExit(f"{url} answered with errors:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def rotating_script(paths, directory):
    """A wrk script that asks the paths in turn."""
    script = Path(directory) / "queries.lua"
    quoted = ", ".join(f'"{path}"' for path in paths)
    script.write_text(
        f"local paths = {{{quoted}}}\nlocal n = 0\n"
        "request = function()\n  n = n % #paths + 1\n"
        "  return wrk.format('GET', paths[n])\nend\n"
    )
    return str(script)


def worker_rss_mb(master):
    """The RSS of each gunicorn worker (children of the master), in MB."""
    found = []
    for child in Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split():
        for line in Path(f"/proc/{child}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                found.append(round(int(line.split()[1]) / 1024))
    return found


TASK_MEMORY = """
import os, resource
from search.tasks import index_articles
from search.tokenizer import memory_report
from publications.models import Article
ids = list(Article.objects.filter(language="ko").values_list("pk", flat=True)[:5])
index_articles.apply(args=[ids])
print("indexing task process:", memory_report)
"""


def query_path(text):
    """A query on its edition: Korean words on /ko/, others on /en/ (each lists its language)."""
    prefix = "/ko/search/" if re.search("[\uac00-\ud7a3]", text) else "/en/search/"
    return prefix + "?" + urllib.parse.urlencode({"q": text}) if text else prefix


@contextlib.contextmanager
def serving(url, floor=True):
    """The project (and the floor) under gunicorn on the database at `url`:
    yields (environment, the site's address, the floor's address or None, the
    site's gunicorn master, a scratch directory)."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-search-http-"))
    site_port, floor_port = free_port(), free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "thinktank.settings",
        "DEBUG": "0",
        "CACHE_URL": os.environ["TEST_REDIS_URL"] + "/2",
        "VAR_DIR": str(tmp / "var"),
        "STATIC_ROOT": str(tmp / "static"),
        "SITE_URL": f"http://127.0.0.1:{site_port}",
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, check=True
    )
    servers = [
        subprocess.Popen(
            [*GUNICORN, "thinktank.wsgi", "-b", f"127.0.0.1:{site_port}"], env=env, cwd=ROOT
        )
    ]
    base = f"http://127.0.0.1:{site_port}"
    floor_url = None
    if floor:
        floor_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.floor.settings"}
        with connection.cursor() as cursor:
            cursor.execute(CREATE_TABLE)
        servers.append(
            subprocess.Popen(
                [*GUNICORN, "bench.floor.wsgi", "-b", f"127.0.0.1:{floor_port}"],
                env=floor_env,
                cwd=ROOT,
            )
        )
        floor_url = f"http://127.0.0.1:{floor_port}/floor/"
    try:
        for probe in ([floor_url] if floor else []) + [f"{base}/healthz"]:
            wait_for(lambda probe=probe: answers(probe), timeout=60, what=probe)
        yield env, base, floor_url, servers[0], tmp
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=20)
        shutil.rmtree(tmp, ignore_errors=True)


def serve_and_measure(url):
    """Results page over HTTP against gunicorn; throughput against the floor."""
    with serving(url) as (env, base, floor, site, tmp):
        for _ in range(4):  # both workers, English only: Kiwi not loaded yet
            get(base + query_path("sanctions"))
        before = worker_rss_mb(site)
        for _ in range(8):
            get(base + query_path("동맹"))
        after = worker_rss_mb(site)
        print(f"web workers' RSS before / after their first Korean query: {before} / {after} MB")
        paths = [query_path(text) for text in QUERIES]
        for path in paths * 2:  # warm both workers
            get(base + path)
        repeated = [timed(base + path) for _ in range(20) for path in paths]
        rng = random.Random(7)
        fresh = [
            timed(base + query_path(f"{rng.choice(words)} {rng.choice(words)}"))
            for words in [KO, EN] * 50
        ]
        p50, p95 = percentiles(repeated)
        print(f"results page, {len(repeated)} requests of {len(paths)} queries asked again:")
        print(f"  p50 {p50:.1f} ms, p95 {p95:.1f} ms  (target p95 < 50 ms)")
        p50, p95 = percentiles(fresh)
        print(f"results page, {len(fresh)} queries never asked before (nothing cached):")
        print(f"  p50 {p50:.1f} ms, p95 {p95:.1f} ms")
        script = rotating_script(paths, tmp)
        wrk(floor)
        wrk(base + paths[0], script)
        ratios, pages, floors = [], [], []
        for _ in range(ROUNDS):
            floors.append(wrk(floor))
            pages.append(wrk(base + paths[0], script))
            ratios.append(pages[-1] / floors[-1])
        rounds = " ".join(f"{ratio:.0%}" for ratio in ratios)
        print(
            f"throughput (wrk -t2 -c16 -d{DURATION}, {ROUNDS} rounds, the {len(paths)} queries"
            f" rotated): search {statistics.median(pages):.0f} req/s, floor"
            f" {statistics.median(floors):.0f} req/s, ratio {statistics.median(ratios):.0%}"
            f" (target >= 30%; rounds {rounds})"
        )
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", TASK_MEMORY],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    print(out.strip().splitlines()[-1])


def measure_realistic(url, count):
    """Never-asked queries on the Zipf corpus: a second figure, not the worst case."""
    from search.services import search

    print("--- a more realistic corpus (Zipf word frequencies; NOT the reported worst case) ---")
    replace_corpus(count)
    queries = zipf_queries(random.Random(7), 100)
    share = sorted(
        search(text, {"language": "ko" if n % 2 == 0 else "en"}).count / (count * 0.45)
        for n, text in enumerate(queries)
    )
    redis.Redis.from_url(os.environ["TEST_REDIS_URL"] + "/2").flushdb()  # nothing cached
    with serving(url, floor=False) as (_env, base, _floor, _site, _tmp):
        for text in ["sanctions", "동맹"] * 4:  # both workers, Kiwi loaded
            get(base + query_path(text))
        fresh = [timed(base + query_path(text)) for text in queries]
    p50, p95 = percentiles(fresh)
    print(
        f"results page, {len(fresh)} queries never asked before, two words each drawn among"
        f" the {ZIPF_QUERY_RANKS} commonest:"
    )
    print(f"  p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    print(
        "  share of the edition's published articles matched: median"
        f" {statistics.median(share):.1%}, p95 {share[int(len(share) * 0.95) - 1]:.1%},"
        f" max {share[-1]:.1%}"
    )


def sql_per_page():
    """The statements of one results page, cold and warm (in-process, no shared cache)."""
    client = Client()
    for text in QUERIES[:2]:
        with CaptureQueriesContext(connection) as queries:
            client.get(query_path(text))
        sql = sum(float(query["time"]) for query in queries.captured_queries) * 1000
        print(f"  {text!r:12} {len(queries)} SQL statements, {sql:.1f} ms in the database")
        if os.environ.get("BENCH_SEARCH_SQL"):
            for query in queries.captured_queries:
                print(f"    {float(query['time']) * 1000:6.1f} ms  {query['sql'][:300]}")


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (bin/system-deps bench installs it)")
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    # The in-process client renders without collectstatic.
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    old_name = connection.settings_dict["NAME"]
    keep = bool(os.environ.get("BENCH_SEARCH_KEEPDB"))
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keep)
    try:
        from publications.models import Article

        print(f"database: {connection.vendor}, {count} articles; load average {os.getloadavg()}")
        if not Article.objects.exists():
            started = time.monotonic()
            corpus(count)
            print(f"corpus written in {time.monotonic() - started:.1f} s")
            started, cpu = time.monotonic(), time.process_time()
            call_command("rebuild_search_index", verbosity=0)
            seconds, cpu = time.monotonic() - started, time.process_time() - cpu
            print(
                f"rebuild_search_index: {seconds:.1f} s (target < 300 s), {cpu:.1f} s of CPU"
                f" in this process; load average now {os.getloadavg()[0]:.1f} on"
                f" {os.cpu_count()} cores"
            )
        print("SQL per results page (the first query, then a second one):")
        try:
            sql_per_page()
        except Exception as error:  # the HTTP figures below matter more
            print(f"  (in-process measure failed: {error!r})")
        serve_and_measure(database_url(connection.settings_dict))
        if keep or os.environ.get("BENCH_SEARCH_REALISTIC") == "0":
            print("(the realistic corpus is skipped: it would replace a kept database's corpus)")
        else:
            measure_realistic(database_url(connection.settings_dict), count)
    finally:
        if not keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

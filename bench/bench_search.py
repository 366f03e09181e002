"""Site search at 10,000 articles: indexing time and results-page latency.

Generates a synthetic bilingual corpus (Korean and English articles built from
word lists) in a throwaway test database (PostgreSQL under `make bench`), times
`manage.py rebuild_search_index` over it, then requests the results page for a
mix of queries through Django's test client and prints p50/p95. It prints the
memory the Korean analyser adds. It asserts nothing about speed.

    SECRET_KEY=x bin/with-services .venv/bin/python bench/bench_search.py [N]
"""

import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.update(MEDIA_ROOT=tempfile.mkdtemp(prefix="bench-search-"), SITE_URL="http://testserver")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thinktank.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

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
    from publications.models import Article, ArticleAuthor, Author, Series

    rng = random.Random(10)
    series = [Series.objects.create(name=f"Series {n}", slug=f"s{n}") for n in range(5)]
    authors = [Author.objects.create(name=f"Author {n}", slug=f"a{n}") for n in range(40)]
    now = timezone.now()
    articles = []
    for number in range(count):
        words = KO if number % 2 else EN
        body = "".join(f"<p>{sentence(rng, words, 40)}.</p>" for _ in range(6))
        articles.append(
            Article(
                series=rng.choice(series),
                title=sentence(rng, words, 6),
                slug=f"article-{number}",
                summary=sentence(rng, words, 25),
                body=body,
                status=Article.Status.PUBLISHED if number % 10 else Article.Status.DRAFT,
                published_at=now - datetime.timedelta(days=rng.randint(1, 3000)),
            )
        )
    Article.objects.bulk_create(articles, batch_size=1000)
    links = [
        ArticleAuthor(article=article, author=rng.choice(authors))
        for article in Article.objects.only("id")
    ]
    ArticleAuthor.objects.bulk_create(links, batch_size=2000)


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"database: {connection.vendor}, {count} articles")
        started = time.monotonic()
        corpus(count)
        print(f"corpus written in {time.monotonic() - started:.1f} s")
        started = time.monotonic()
        call_command("rebuild_search_index", verbosity=0)
        print(f"rebuild_search_index: {time.monotonic() - started:.1f} s")
        from search.tokenizer import memory_report

        print(f"Kiwi: {memory_report}")
        client = Client()
        for query in QUERIES:  # warm up
            client.get("/en/search/", {"q": query})
        samples = []
        for _ in range(20):
            for query in QUERIES:
                started = time.monotonic()
                response = client.get("/en/search/", {"q": query})
                samples.append(time.monotonic() - started)
                assert response.status_code == 200
        samples.sort()
        p50 = statistics.median(samples) * 1000
        p95 = samples[int(len(samples) * 0.95) - 1] * 1000
        print(f"results page over {len(samples)} requests: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
        for query in QUERIES:
            with CaptureQueriesContext(connection) as queries:
                started = time.monotonic()
                client.get("/en/search/", {"q": query})
                total = 1000 * (time.monotonic() - started)
            sql = sum(float(query["time"]) for query in queries.captured_queries) * 1000
            print(f"  {query!r:24} {total:6.1f} ms, {len(queries)} queries {sql:.1f} ms")
        if os.environ.get("BENCH_SEARCH_SQL"):
            with CaptureQueriesContext(connection) as queries:
                client.get("/en/search/", {"q": QUERIES[0]})
            for query in queries.captured_queries:
                print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:300]}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

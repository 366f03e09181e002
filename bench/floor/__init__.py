"""The floor: the least a Django page can cost, as a yardstick for the project's pages.

A separate project (its own settings, URLs and WSGI app) with CommonMiddleware
only, a persistent database connection without health checks, one query by
primary key and a 1 KB template. `bench/bench_article_page.py` serves it with
the project's gunicorn flags on the same PostgreSQL and reports each page of
the site as a ratio to it.
"""

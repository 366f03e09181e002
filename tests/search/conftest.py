"""Search tests run on PostgreSQL (the suite's database) and on SQLite (make run's).

The SQLite database is a second alias, `search_sqlite`, created in memory for
the tests that ask for it; the `search_db` fixture routes every model to the
database of its parameter, so the same test runs against both backends.
"""

import pytest
from django.conf import settings
from django.db import connections

SQLITE = "search_sqlite"
BOTH = ["default", SQLITE]

if SQLITE not in connections.settings:
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    config = connections.configure_settings(
        {"default": connections.settings["default"], SQLITE: sqlite}
    )[SQLITE]
    connections.settings[SQLITE] = config
    settings.DATABASES.setdefault(SQLITE, config)


class RouteTo:
    def __init__(self, alias):
        self.alias = alias

    def db_for_read(self, model, **hints):
        return self.alias

    def db_for_write(self, model, **hints):
        return self.alias

    def allow_relation(self, *args, **hints):
        return True


@pytest.fixture(params=BOTH, ids=["postgresql", "sqlite"])
def search_db(request, settings):
    """The database alias the test runs on; every model is routed to it."""
    if request.param != "default":
        settings.DATABASE_ROUTERS = [RouteTo(request.param)]
    return request.param


@pytest.fixture
def indexed(search_db, django_capture_on_commit_callbacks, eager_celery):
    """Run what a commit would run (index updates, text extraction) on leaving the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True, using=search_db)

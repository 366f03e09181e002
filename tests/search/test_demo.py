import pytest
from django.core.management import call_command
from django.db import connections

from search.services import search
from search.tokenizer import tokenize

from .conftest import SQLITE, RouteTo


@pytest.mark.django_db(databases=[SQLITE])
def test_demo_on_sqlite_finds_the_seed_article_by_a_word_of_its_pdf(
    settings, django_capture_on_commit_callbacks, eager_celery
):
    settings.DATABASE_ROUTERS = [RouteTo(SQLITE)]
    with django_capture_on_commit_callbacks(execute=True, using=SQLITE):
        call_command("load_demo", verbosity=0)
    found = [article.slug for article in search("Donbas").results]
    assert found == ["an-analysis-of-the-biden-putin-summit"]
    # The word is indexed from demo/files/The Full Text.pdf itself (the
    # attachment column), not only from the article's body.
    (token,) = tokenize("Donbas")
    with connections[SQLITE].cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [f'attachments : "{token}"']
        )
        assert len(cursor.fetchall()) == 1

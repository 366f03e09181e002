"""articles_changed: sent once per committed write, with the ids of the changed articles."""

import pytest
from django.db import transaction

from publications.models import Article
from publications.signals import articles_changed

pytestmark = pytest.mark.django_db(transaction=True)  # real commits


@pytest.fixture
def announced():
    """Runs a write as one committed transaction; returns what was announced."""
    sent = []

    def listener(sender, article_ids, **kwargs):
        sent.append(article_ids)

    def run(write):
        sent.clear()
        with transaction.atomic():
            write()
        return sent

    articles_changed.connect(listener)
    yield run
    articles_changed.disconnect(listener)


def test_one_announcement_per_transaction_with_every_id(announced, article, series):
    other = Article.objects.create(series=series, title="Other", status="published")

    def write():
        article.tags.add("NewTag")
        Article.objects.filter(pk=other.pk).update(title="Renamed")

    assert announced(write) == [frozenset({article.pk, other.pk})]


def test_a_rolled_back_savepoint_announces_nothing(announced, article):
    def write():
        try:
            with transaction.atomic():
                Article.objects.filter(pk=article.pk).update(status="draft")
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass

    assert announced(write) == []


def test_an_author_rename_announces_the_authors_articles(announced, article, author):
    author.name = "LEE Tae-Rim"
    assert announced(author.save) == [frozenset({article.pk})]


def test_counting_hits_announces_nothing(announced, article):
    assert announced(lambda: Article.objects.filter(pk=article.pk).update(hits=5)) == []

"""python manage.py export_pdf --out DIR [--series SLUG] [SLUG ...]"""

import pytest
from django.core.management import CommandError, call_command

from publications.models import Article
from tests.factories import ArticleFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(series):
    other = SeriesFactory(name="IFANS Brief", slug="ifans-brief")
    return {
        "published": ArticleFactory(series=series, slug="published-one"),
        "draft": ArticleFactory(series=series, slug="draft-one", status=Article.Status.DRAFT),
        "other": ArticleFactory(series=other, slug="other-one"),
    }


def exported(folder):
    return sorted(path.name.split("_")[-1] for path in folder.iterdir())


def test_series_exports_its_published_articles_only(catalogue, tmp_path):
    call_command("export_pdf", "--out", str(tmp_path / "out"), "--series", "ifans-focus")
    assert exported(tmp_path / "out") == ["published-one.pdf"]
    assert next((tmp_path / "out").iterdir()).read_bytes().startswith(b"%PDF")


def test_without_arguments_every_published_article_is_exported(catalogue, tmp_path):
    call_command("export_pdf", "--out", str(tmp_path / "out"))
    assert exported(tmp_path / "out") == ["other-one.pdf", "published-one.pdf"]


def test_named_slugs_are_exported_even_when_drafts(catalogue, tmp_path):
    call_command("export_pdf", "--out", str(tmp_path / "out"), "draft-one", "other-one")
    assert exported(tmp_path / "out") == ["draft-one.pdf", "other-one.pdf"]


def test_unknown_slugs_are_an_error(catalogue, tmp_path):
    with pytest.raises(CommandError):
        call_command("export_pdf", "--out", str(tmp_path / "out"), "no-such-article")

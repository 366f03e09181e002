"""Exporting to the exchange format, and the round trip export -> empty database -> import."""

import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from publications import translations
from publications.exchange import FORMAT, export_file, import_file
from publications.exchange.dump import published_value
from publications.models import Article, Series
from tests.factories import (
    MINIMAL_PDF,
    ArticleFactory,
    AttachmentFactory,
    AuthorFactory,
    SeriesFactory,
)

from .exchange_support import content, media_files

pytestmark = [pytest.mark.django_db, pytest.mark.clocks]  # dates are exported as local dates


def _read(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _at(text):
    from django.utils.dateparse import parse_datetime

    return parse_datetime(text)


def test_published_is_a_date_at_local_midnight_else_a_date_time_with_offset():
    assert published_value(_at("2021-07-27T00:00:00+09:00")) == "2021-07-27"
    assert published_value(_at("2021-07-26T15:00:00+00:00")) == "2021-07-27"  # Seoul midnight
    assert published_value(_at("2021-07-27T00:00:00+00:00")) == "2021-07-27T09:00:00+09:00"
    with_time = _at("2021-07-27T10:30:05.123+09:00")
    assert published_value(with_time) == "2021-07-27T10:30:05.123000+09:00"


def test_export_writes_the_format_and_attachments_beside_it(tmp_path):
    lee = AuthorFactory(slug="lee-taerim", name="LEE TaeRim", bio="Bio")
    kim = AuthorFactory(slug="kim-minji", name="KIM Minji")
    series = SeriesFactory(slug="ifans-focus", name="IFANS Focus", description="Analyses.")
    article = ArticleFactory(
        series=series,
        slug="summit",
        title="Summit",
        authors=[lee, kim],
        tags=["USRussiaRelations", "BidenPutinSummit"],
        published_at=_at("2021-07-27T00:00:00+09:00"),
        hits=2060,
        language="en",
    )
    AttachmentFactory(article=article, title="The Full Text", original_name="The Full Text.pdf")

    report = export_file(tmp_path / "out" / "publications.json")

    data = _read(tmp_path / "out" / "publications.json")
    assert data["format"] == FORMAT
    assert data["series"] == [
        {
            "slug": "ifans-focus",
            "name": {"en": "IFANS Focus"},
            "description": {"en": "Analyses."},
            "position": 0,
        }
    ]
    assert [a["slug"] for a in data["authors"]] == ["kim-minji", "lee-taerim"]
    assert data["articles"] == [
        {
            "series": "ifans-focus",
            "slug": "summit",
            "language": "en",
            "title": "Summit",
            "authors": ["lee-taerim", "kim-minji"],
            "published": "2021-07-27",
            "status": "published",
            "hits": 2060,
            "summary": "A short summary.",
            "body_html": "<p>Body text.</p>",
            "tags": ["USRussiaRelations", "BidenPutinSummit"],
            "attachments": [{"title": "The Full Text", "file": "files/The Full Text.pdf"}],
        }
    ]
    assert (tmp_path / "out" / "files" / "The Full Text.pdf").read_bytes() == MINIMAL_PDF
    assert report.get("articles", "written") == 1
    assert report.get("attachments", "written") == 1


def test_attachments_with_the_same_name_get_unique_paths(tmp_path):
    article = ArticleFactory()
    AttachmentFactory(article=article, original_name="report.pdf", position=0)
    AttachmentFactory(
        article=article,
        original_name="report.pdf",
        position=1,
        file=ContentFile(MINIMAL_PDF + b"%2\n", name="x.pdf"),
    )
    export_file(tmp_path / "e.json")
    files = [a["file"] for a in _read(tmp_path / "e.json")["articles"][0]["attachments"]]
    assert files == ["files/report.pdf", "files/2/report.pdf"]
    assert (tmp_path / "files" / "2" / "report.pdf").read_bytes().endswith(b"%2\n")


def test_series_option_restricts_the_export(tmp_path):
    focus, other = SeriesFactory(slug="ifans-focus"), SeriesFactory(slug="other")
    ArticleFactory(series=focus, slug="in", authors=[AuthorFactory(slug="in-author")])
    ArticleFactory(series=other, slug="out", authors=[AuthorFactory(slug="out-author")])

    call_command("export_publications", str(tmp_path / "e.json"), "--series", "ifans-focus")

    data = _read(tmp_path / "e.json")
    assert [s["slug"] for s in data["series"]] == ["ifans-focus"]
    assert [a["slug"] for a in data["articles"]] == ["in"]
    assert [a["slug"] for a in data["authors"]] == ["in-author"]


def test_export_of_an_unknown_series_fails(tmp_path):
    with pytest.raises(CommandError, match='--series: unknown series "nope"'):
        call_command("export_publications", str(tmp_path / "e.json"), "--series", "nope")
    assert not (tmp_path / "e.json").exists()


def _rich_content():
    """Everything the format carries, with the awkward cases in it."""
    lee = AuthorFactory(slug="lee-taerim", name="LEE TaeRim", title="Professor", bio="Bio.")
    kim = AuthorFactory(slug="kim-minji", name="KIM Minji", title="", bio="")
    AuthorFactory(slug="no-articles", name="Nobody Yet")
    focus = SeriesFactory(slug="ifans-focus", name="IFANS Focus", description="D.", position=2)
    other = SeriesFactory(slug="ifans-perspectives", name="IFANS Perspectives", position=1)
    summit = ArticleFactory(
        series=focus,
        slug="summit",
        language="en",
        authors=[kim, lee],  # not alphabetical: the order must survive
        tags=["Zeta", "Alpha", "한반도"],
        hits=2060,
        published_at=_at("2021-07-27T00:00:00+09:00"),
        body="<p>“Curly” quotes &amp; <strong>bold</strong></p>",
    )
    AttachmentFactory(article=summit, title="The Full Text", original_name="The Full Text.pdf")
    AttachmentFactory(
        article=summit,
        title="Annex",
        original_name="The Full Text.pdf",
        position=1,
        file=ContentFile(MINIMAL_PDF + b"%annex\n", name="annex.pdf"),
    )
    korean = ArticleFactory(series=focus, slug="summit-ko", language="ko", title="정상회담")
    translations.link(summit, korean)
    ArticleFactory(series=other, title="한반도 평화 프로세스의 과제", slug="한반도-평화", hits=5)
    # Names in both languages, in one of them, and the same in both.
    lee.name_ko, lee.title_ko, lee.bio_en = "이태림", "교수", ""
    lee.save()
    focus.name_ko, focus.description_ko = "IFANS 포커스", "D."
    focus.save()
    scheduled = _at("2030-01-01T10:11:12.5+00:00")
    ArticleFactory(series=other, slug="draft", status=Article.Status.DRAFT, published_at=scheduled)


@pytest.mark.django_db(transaction=True)
def test_round_trip_export_flush_import_gives_back_the_same_content(tmp_path):
    _rich_content()
    before = content()
    export_file(tmp_path / "backup" / "publications.json")

    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()  # flush recreated the content types
    shutil.rmtree(settings.MEDIA_ROOT)
    assert not Series.objects.exists()
    assert media_files() == {}

    import_file(tmp_path / "backup" / "publications.json")

    assert content() == before  # languages, names in both languages and pairs included
    assert [s.slug for s in Series.objects.all()] == ["ifans-perspectives", "ifans-focus"]
    summit = Article.objects.get(slug="summit")
    assert [(a.slug, a.language) for a in summit.translations()] == [("summit-ko", "ko")]
    assert Series.objects.get(slug="ifans-focus").name_ko == "IFANS 포커스"
    assert len(media_files()) == 2


def test_export_then_import_into_the_same_database_changes_nothing(tmp_path):
    _rich_content()
    export_file(tmp_path / "publications.json")
    report = import_file(tmp_path / "publications.json")
    assert not report.changed

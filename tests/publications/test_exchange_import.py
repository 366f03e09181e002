"""Importing the exchange format: creating, updating, idempotence, dry runs."""

import datetime
import zoneinfo

import pytest
from django.core.management import call_command

from publications.exchange import import_file
from publications.models import Article, ArticleAuthor, Attachment, Author, Series
from tests.factories import MINIMAL_PDF, ArticleFactory, AuthorFactory, SeriesFactory

from .exchange_support import exchange_data, media_files, snapshot, write_exchange

pytestmark = [pytest.mark.django_db, pytest.mark.clocks]  # dates without a time are local midnight
SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def test_import_creates_series_authors_article_and_attachment(tmp_path):
    report = import_file(write_exchange(tmp_path, exchange_data()))

    assert Series.objects.get(slug="ifans-focus").name == "IFANS Focus"
    article = Article.objects.get(series__slug="ifans-focus")
    assert article.slug == "an-analysis-of-the-biden-putin-summit"
    assert article.title == "An Analysis of the Biden-Putin Summit"
    assert article.published_at == datetime.datetime(2021, 7, 27, tzinfo=SEOUL)
    assert article.status == "published"
    assert article.hits == 2060
    assert article.summary == "One paragraph."
    assert article.body == "<p>On June 16, 2021, a summit “constructive.”</p>"
    assert [a.slug for a in article.ordered_authors()] == ["lee-taerim", "kim-minji"]
    assert sorted(article.tags.names()) == ["BidenPutinSummit", "USRussiaRelations"]
    attachment = article.attachments.get()
    assert attachment.title == "The Full Text"
    assert attachment.original_name == "The Full Text.pdf"
    assert attachment.size == len(MINIMAL_PDF)
    assert attachment.file.name.startswith("attachments/")  # generated path, not the given one
    assert "Full Text" not in attachment.file.name
    with attachment.file.open("rb") as handle:
        assert handle.read() == MINIMAL_PDF
    assert report.get("articles", "created") == 1
    assert report.get("attachments", "created") == 1


def test_authors_keep_their_order(tmp_path):
    data = exchange_data()
    data["articles"][0]["authors"] = ["kim-minji", "lee-taerim"]
    import_file(write_exchange(tmp_path, data))
    links = ArticleAuthor.objects.order_by("position")
    assert [(link.author.slug, link.position) for link in links] == [
        ("kim-minji", 0),
        ("lee-taerim", 1),
    ]


def test_defaults_for_optional_article_fields(tmp_path):
    data = exchange_data()
    data["articles"] = [{"series": "ifans-focus", "title": "Bare", "published": "2022-01-05"}]
    import_file(write_exchange(tmp_path, data))
    article = Article.objects.get()
    assert (article.slug, article.status, article.hits) == ("bare", "published", 0)
    assert (article.summary, article.body) == ("", "")
    assert not article.authors.exists()
    assert not article.tags.exists()
    assert not article.attachments.exists()


def test_date_time_with_offset_and_naive_date_time(tmp_path):
    data = exchange_data()
    data["articles"][0]["published"] = "2021-07-27T15:30:00+02:00"
    data["articles"].append(
        {"series": "ifans-focus", "title": "Naive", "published": "2021-07-28T09:15:00"}
    )
    import_file(write_exchange(tmp_path, data))
    first = Article.objects.get(slug="an-analysis-of-the-biden-putin-summit")
    assert first.published_at == datetime.datetime(2021, 7, 27, 13, 30, tzinfo=datetime.UTC)
    naive = Article.objects.get(slug="naive")  # naive means local time
    assert naive.published_at == datetime.datetime(2021, 7, 28, 9, 15, tzinfo=SEOUL)


def test_second_import_changes_nothing(tmp_path):
    path = write_exchange(tmp_path, exchange_data())
    import_file(path)
    before = snapshot()

    report = import_file(path)

    assert snapshot() == before  # same rows, same updated_at, same files and mtimes
    assert not report.changed
    assert report.get("articles", "unchanged") == 1
    assert report.get("series", "unchanged") == 1
    assert report.get("authors", "unchanged") == 2
    assert report.get("attachments", "unchanged") == 1
    assert Attachment.objects.count() == 1
    assert len(media_files()) == 1


def test_reimport_updates_existing_records_in_place(tmp_path):
    import_file(write_exchange(tmp_path, exchange_data()))
    article_pk = Article.objects.get().pk
    data = exchange_data()
    data["series"][0]["name"] = "IFANS Focus (renamed)"
    article = data["articles"][0]
    article.update(title="New title", hits=3000, status="draft", tags=["Cybersecurity"])
    article["authors"] = ["kim-minji"]

    report = import_file(write_exchange(tmp_path / "second", data))

    assert Series.objects.get().name == "IFANS Focus (renamed)"
    updated = Article.objects.get()
    assert updated.pk == article_pk
    assert (updated.title, updated.hits, updated.status) == ("New title", 3000, "draft")
    assert list(updated.tags.names()) == ["Cybersecurity"]
    assert [a.slug for a in updated.authors.all()] == ["kim-minji"]
    assert Attachment.objects.count() == 1  # same title and content: kept, not duplicated
    assert report.get("articles", "updated") == 1
    assert report.get("series", "updated") == 1


def test_changed_attachment_content_replaces_the_file(tmp_path, django_capture_on_commit_callbacks):
    import_file(write_exchange(tmp_path, exchange_data()))
    old = Attachment.objects.get()
    old_name = old.file.name
    second = tmp_path / "second"
    path = write_exchange(second, exchange_data())
    (second / "files" / "The Full Text.pdf").write_bytes(MINIMAL_PDF + b"% revised\n")

    with django_capture_on_commit_callbacks(execute=True):  # old file goes after commit
        report = import_file(path)

    new = Attachment.objects.get()
    assert new.pk != old.pk
    with new.file.open("rb") as handle:
        assert handle.read().endswith(b"% revised\n")
    assert list(media_files()) == [new.file.name]  # the replaced file is deleted
    assert old_name not in media_files()
    assert report.get("attachments", "removed") == 1


def test_record_that_omits_a_field_keeps_its_value(tmp_path):
    series = SeriesFactory(slug="ifans-focus", name="IFANS Focus", description="Kept")
    ArticleFactory(series=series, slug="kept", title="Kept", hits=77, tags=["Old"])
    data = exchange_data()
    data["series"] = [{"slug": "ifans-focus", "name": "IFANS Focus"}]
    data["articles"] = [
        {"series": "ifans-focus", "slug": "kept", "title": "Kept", "published": "2021-01-01"}
    ]

    import_file(write_exchange(tmp_path, data))

    article = Article.objects.get()
    assert article.hits == 77
    assert list(article.tags.names()) == ["Old"]
    assert Series.objects.get().description == "Kept"


def test_references_to_records_already_in_the_database(tmp_path):
    SeriesFactory(slug="ifans-focus", name="IFANS Focus")
    AuthorFactory(slug="lee-taerim", name="LEE TaeRim")
    data = exchange_data()
    data["series"], data["authors"] = [], []
    data["articles"][0]["authors"] = ["lee-taerim"]
    import_file(write_exchange(tmp_path, data))
    assert Article.objects.get().authors.get().slug == "lee-taerim"
    assert Author.objects.count() == 1


def test_dry_run_reports_and_writes_nothing(tmp_path):
    SeriesFactory(slug="ifans-focus", name="Old name")
    before = snapshot()

    report = import_file(write_exchange(tmp_path, exchange_data()), dry_run=True)

    assert snapshot() == before
    assert report.dry_run
    assert report.get("series", "updated") == 1
    assert report.get("authors", "created") == 2
    assert report.get("articles", "created") == 1
    assert report.get("attachments", "created") == 1


def test_dry_run_after_import_reports_all_unchanged(tmp_path):
    path = write_exchange(tmp_path, exchange_data())
    import_file(path)
    report = import_file(path, dry_run=True)
    assert not report.changed
    assert report.get("articles", "unchanged") == 1


def test_dry_run_command_prints_counts(tmp_path, capsys):
    path = write_exchange(tmp_path, exchange_data())
    call_command("import_publications", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "Dry run, nothing written" in out
    assert "articles: 1 created, 0 updated, 0 unchanged" in out
    assert not Article.objects.exists()
    assert media_files() == {}


def test_import_command_prints_counts(tmp_path, capsys):
    call_command("import_publications", str(write_exchange(tmp_path, exchange_data())))
    out = capsys.readouterr().out
    assert "series: 1 created, 0 updated, 0 unchanged" in out
    assert "authors: 2 created, 0 updated, 0 unchanged" in out
    assert Article.objects.count() == 1


def test_body_html_is_sanitised_on_import(tmp_path):
    data = exchange_data()
    data["articles"][0]["body_html"] = (
        '<p onclick="steal()">Text<script>alert(1)</script></p>'
        '<img src="x" onerror="alert(2)"><a href="javascript:alert(3)">link</a>'
        '<a href="https://example.org/">safe link</a>'
    )
    path = write_exchange(tmp_path, data)
    import_file(path)
    body = Article.objects.get().body
    assert "Text" in body
    for unsafe in ("<script", "alert", "onerror", "onclick", "javascript:"):
        assert unsafe not in body
    # Compared after sanitising: the unsafe source does not look "changed" every time.
    assert not import_file(path).changed


def test_korean_title_gives_a_unicode_slug_and_a_working_page(tmp_path, client):
    data = exchange_data()
    data["articles"] = [
        {
            "series": "ifans-focus",
            "title": "한반도 평화 프로세스의 과제",
            "published": "2021-08-10",
            "tags": ["한반도"],
        }
    ]
    import_file(write_exchange(tmp_path, data))

    article = Article.objects.get()
    assert article.slug == "한반도-평화-프로세스의-과제"
    response = client.get(article.get_absolute_url(), HTTP_USER_AGENT="Mozilla/5.0")
    assert response.status_code == 200
    assert "한반도 평화 프로세스의 과제" in response.content.decode()
    tag_response = client.get(f"/en/tags/{article.tags.get().slug}/", HTTP_USER_AGENT="Mozilla/5.0")
    assert tag_response.status_code == 200


def test_import_renders_the_changed_articles_pdfs_after_commit(
    tmp_path, eager_celery, django_capture_on_commit_callbacks
):
    from publications.pdf import render, store

    with django_capture_on_commit_callbacks(execute=True):
        import_file(write_exchange(tmp_path, exchange_data()))
    article = render.pdf_articles().get(slug="an-analysis-of-the-biden-putin-summit")
    assert store.is_stored(article)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        import_file(write_exchange(tmp_path, exchange_data()))
    assert callbacks == []  # nothing changed, nothing to render

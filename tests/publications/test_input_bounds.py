"""Out-of-range dates and counts, control characters and reserved slugs: refused or cleaned.

The same rule holds in the admin, in the importer and in the model, and no
page, feed or export fails on what was stored.
"""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from publications.exchange import ExchangeError, import_file
from publications.models import Article, Attachment
from tests.factories import ArticleFactory, AttachmentFactory, SeriesFactory
from tests.publications.admin_forms import form_errors, post_article
from tests.publications.exchange_support import exchange_data, snapshot, write_exchange

pytestmark = pytest.mark.clocks  # publication dates against the clock

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"
ARTICLE = "articles[0]"


def _import_problems(tmp_path, **article_fields):
    data = exchange_data()
    data["articles"][0].update(article_fields)
    before = snapshot()
    with pytest.raises(ExchangeError) as caught:
        import_file(write_exchange(tmp_path, data))
    assert snapshot() == before
    return caught.value.problems


def _import(tmp_path, **article_fields):
    data = exchange_data()
    data["articles"][0].update(article_fields)
    import_file(write_exchange(tmp_path, data))
    return Article.objects.get(title=data["articles"][0]["title"].replace("\u0007", ""))


# --- 5. Dates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "time"),
    [("0001-01-01", "00:00:00"), ("9999-12-31", "23:59:59"), ("1899-12-31", "12:00:00")],
)
def test_admin_refuses_a_date_outside_the_publication_window(staff_client, series, day, time):
    response, saved = post_article(staff_client, series, published_at_0=day, published_at_1=time)
    assert response.status_code == 200
    assert saved is None
    assert any("Publication dates must lie between 1900-01-01" in m for m in form_errors(response))


@pytest.mark.parametrize(
    "published",
    [
        "9999-12-31T23:00:00+00:00",  # year 10000 in Seoul
        "0001-01-01T00:00:00+09:00",  # before year 1 in UTC
        "0001-01-01",
        "2200-01-01T00:00:00+00:00",
        "1899-12-31T23:59:59+00:00",
    ],
)
def test_importer_refuses_a_date_outside_the_publication_window(tmp_path, db, published):
    problems = _import_problems(tmp_path, published=published)
    assert len(problems) == 1
    assert problems[0].startswith(f"{ARTICLE}.published: Publication dates must lie between")
    assert published in problems[0]


def test_dates_at_the_edges_of_the_window_are_accepted_and_every_view_works(
    db, tmp_path, staff_client, client
):
    article = _import(tmp_path, published="1900-01-01T00:00:00+00:00")
    assert client.get(article.get_absolute_url()).status_code == 200
    assert staff_client.get("/admin/publications/article/").status_code == 200
    call_command("export_publications", str(tmp_path / "out.json"))
    late = ArticleFactory(series=article.series, published_at="2199-12-31T23:59:59+00:00")
    assert staff_client.get(late.get_absolute_url()).status_code == 200  # the preview
    assert staff_client.get("/admin/publications/article/").status_code == 200
    call_command("export_publications", str(tmp_path / "out.json"))


def test_model_validation_refuses_a_date_outside_the_window(series):
    article = ArticleFactory.build(series=series, published_at="0001-01-01T00:00:00+00:00")
    with pytest.raises(ValidationError) as caught:
        article.full_clean()
    assert "published_at" in caught.value.message_dict


# --- 5. Counts ----------------------------------------------------------------------


def test_imported_hit_count_at_the_old_32_bit_limit_keeps_counting(db, tmp_path, client):
    article = _import(tmp_path, hits=2**31 - 1)
    response = client.get(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).hits == 2**31


def test_importer_refuses_an_absurd_hit_count(tmp_path, db):
    problems = _import_problems(tmp_path, hits=10**13)
    assert problems == [f"{ARTICLE}.hits: too large (10000000000000, at most 1000000000000)"]


def test_download_count_at_the_old_32_bit_limit_keeps_counting(client, series):
    attachment = AttachmentFactory(article=ArticleFactory(series=series))
    Attachment.objects.filter(pk=attachment.pk).update(download_count=2**31 - 1)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert Attachment.objects.get(pk=attachment.pk).download_count == 2**31


# --- 2. Control characters ----------------------------------------------------------


def test_admin_strips_control_characters_and_the_feeds_stay_up(staff_client, client, series):
    response, article = post_article(
        staff_client,
        series,
        title="Soft\x0bline break",
        summary="First line\x0bsecond line,\x07 bell\tand tab",
    )
    assert form_errors(response) == []
    assert article.title == "Soft line break"
    assert article.summary == "First line\nsecond line, bell\tand tab"
    for path in ("/en/feed/", f"/en/publications/{series.slug}/feed/", "/sitemap.xml"):
        assert client.get(path).status_code == 200


def test_importer_strips_control_characters_and_imports_the_same_file_twice_unchanged(
    db, tmp_path, client
):
    fields = {"title": "Bell\u0007 title", "summary": "Line\x0bnext\u0085end\x7f"}
    article = _import(tmp_path, **fields)
    assert (article.title, article.summary) == ("Bell title", "Line\nnext\nend")
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/en/feed/").status_code == 200
    before = snapshot()
    _import(tmp_path, **fields)
    assert snapshot() == before


def test_model_never_stores_control_characters(series):
    article = ArticleFactory(series=series, title="a\x0bb\u0085c\x00d", summary="x\x0cy\x9fz")
    article.refresh_from_db()
    assert (article.title, article.summary) == ("a b cd", "x\nyz")
    Article.objects.filter(pk=article.pk).update(title="queryset\x07update")
    article.refresh_from_db()
    assert article.title == "querysetupdate"


# --- 7. The reserved slug "feed" ----------------------------------------------------


def test_admin_refuses_the_reserved_slug_with_a_clear_message(staff_client, series):
    response, saved = post_article(staff_client, series, title="Feed", slug="feed")
    assert saved is None
    assert any('"feed" is reserved' in message for message in form_errors(response))


def test_importer_refuses_the_reserved_slug(tmp_path, db):
    problems = _import_problems(tmp_path, slug="feed")
    assert problems == [
        f'{ARTICLE}.slug: "feed" is reserved (the address of the series feed); choose another.'
    ]


def test_a_title_that_would_slug_to_feed_gets_another_slug_and_opens(db, tmp_path, client):
    article = ArticleFactory(series=SeriesFactory(), title="Feed", slug="")
    assert article.slug == "feed-article"
    imported = _import(tmp_path, title="FEED", slug=None)
    assert imported.slug == "feed-article"
    for one in (article, imported):
        page = client.get(one.get_absolute_url())
        assert page.status_code == 200
        assert "<h1" in page.content.decode()
    for one in (article, imported):
        assert client.get(f"/en/publications/{one.series.slug}/feed/").status_code == 200

"""A published article that moves keeps answering at its old address, forever."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from publications.models import Article
from redirects.models import Redirect
from tests.factories import ArticleFactory, AttachmentFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def moved_to(client, address):
    response = client.get(address)
    assert response.status_code == 301, (address, response.status_code)
    return response["Location"]


def rename(article, **fields):
    for name, value in fields.items():
        setattr(article, name, value)
    article.save()
    return article


def test_a_changed_slug_leaves_the_old_address_redirecting_to_the_new(client, series):
    article = ArticleFactory(series=series, slug="old-title")
    old = article.get_absolute_url()
    rename(article, slug="new-title")
    assert old.endswith("/old-title/")
    assert moved_to(client, old) == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_changed_series_leaves_the_old_address_redirecting(client, series):
    article = ArticleFactory(series=series, slug="on-the-move")
    old = article.get_absolute_url()
    rename(article, series=SeriesFactory(slug="policy-briefs"))
    assert moved_to(client, old) == article.get_absolute_url()
    assert "/policy-briefs/on-the-move/" in article.get_absolute_url()


def test_a_series_renamed_takes_its_pages_and_articles_along(client):
    series = SeriesFactory(slug="focus")
    article = ArticleFactory(series=series, slug="an-article")
    old_article, old_series = article.get_absolute_url(), series.get_absolute_url()
    series.slug = "ifans-focus"
    series.save()
    article.refresh_from_db()
    assert moved_to(client, old_article) == article.get_absolute_url()
    assert moved_to(client, old_series) == series.get_absolute_url()
    assert moved_to(client, "/ko/publications/focus/feed/") == "/ko/publications/ifans-focus/feed/"


def test_every_old_address_leads_straight_to_the_current_one(client, series):
    article = ArticleFactory(series=series, slug="first")
    first = article.get_absolute_url()
    rename(article, slug="second")
    second = article.get_absolute_url()
    rename(article, slug="third", series=SeriesFactory(slug="other"))
    assert moved_to(client, first) == article.get_absolute_url()
    assert moved_to(client, second) == article.get_absolute_url()


def test_the_old_address_without_a_language_prefix_ends_at_the_new_one(client, series):
    article = ArticleFactory(series=series, slug="before")
    rename(article, slug="after")
    response = client.get("/publications/" + series.slug + "/before/", follow=True)
    assert response.redirect_chain[-1] == (article.get_absolute_url(), 301)
    assert all(status == 301 for _url, status in response.redirect_chain)
    assert response.status_code == 200


def test_the_query_string_is_kept(client, series):
    article = ArticleFactory(series=series, slug="before")
    old = article.get_absolute_url()
    rename(article, slug="after")
    assert moved_to(client, old + "?utm_source=mail") == article.get_absolute_url() + (
        "?utm_source=mail"
    )


def test_old_attachment_and_pdf_links_still_answer_after_a_move(client, staff_client, series):
    article = ArticleFactory(series=series, slug="with-files")
    attachment = AttachmentFactory(article=article)
    download, pdf = attachment.get_absolute_url(), f"/en/articles/{article.pk}/pdf/"
    rename(article, slug="renamed", series=SeriesFactory(slug="elsewhere"))
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert staff_client.get(pdf).status_code == 200


def test_an_old_address_below_the_article_follows_it(client, series):
    article = ArticleFactory(series=series, slug="before")
    old = article.get_absolute_url()
    rename(article, slug="after")
    assert moved_to(client, old + "cite.bib") == article.get_absolute_url() + "cite.bib"


def test_a_draft_that_moves_leaves_nothing_behind(client, series):
    article = ArticleFactory(series=series, slug="draft-one", status=Article.Status.DRAFT)
    rename(article, slug="draft-two", status=Article.Status.PUBLISHED)
    assert Redirect.objects.count() == 0
    assert client.get(f"/en/publications/{series.slug}/draft-one/").status_code == 404


def test_an_unpublished_article_is_not_revealed_at_its_old_address(client, series):
    article = ArticleFactory(series=series, slug="before")
    old = article.get_absolute_url()
    rename(article, slug="after", status=Article.Status.DRAFT)
    assert client.get(old).status_code == 404


def test_a_new_article_at_an_old_address_wins(client, series):
    article = ArticleFactory(series=series, slug="taken")
    old = article.get_absolute_url()
    rename(article, slug="moved-away")
    newcomer = ArticleFactory(series=series, slug="taken", title="The newcomer")
    response = client.get(old)
    assert response.status_code == 200 and b"The newcomer" in response.content
    rename(newcomer, slug="newcomer")  # and when it leaves, the address is its own now
    assert moved_to(client, old) == newcomer.get_absolute_url()


def test_moving_back_to_an_old_address_makes_no_loop(client, series):
    article = ArticleFactory(series=series, slug="a")
    a = article.get_absolute_url()
    rename(article, slug="b")
    b = article.get_absolute_url()
    rename(article, slug="a")
    assert client.get(a).status_code == 200
    assert moved_to(client, b) == a


def test_pages_that_exist_never_look_a_redirect_up(client, series):
    article = ArticleFactory(series=series)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(article.get_absolute_url()).status_code == 200
    assert not [q for q in queries.captured_queries if "redirects_redirect" in q["sql"]]
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/publications/nothing/here/").status_code == 404
    assert len([q for q in queries.captured_queries if "redirects_redirect" in q["sql"]]) == 1

"""The results page, the header form and the index following every change."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from publications.models import Article
from search.services import search
from tests.factories import ArticleFactory, AttachmentFactory, AuthorFactory, SeriesFactory

from .conftest import BOTH
from .support import pdf_with_text

pytestmark = pytest.mark.django_db(databases=BOTH)
DAY = datetime.timedelta(days=1)


def slugs(text, **filters):
    return {article.slug for article in search(text, filters).results}


def test_every_page_header_has_the_search_form(client, search_db, indexed):
    with indexed():
        ArticleFactory()
    html = client.get("/en/").content.decode()
    assert '<form class="site-search" role="search" method="get" action="/en/search/">' in html
    assert '<input type="search" name="q"' in html
    assert '<button type="submit">Search</button>' in html


def test_results_list_series_title_link_authors_date_and_marked_snippet(client, indexed):
    with indexed():
        article = ArticleFactory(
            series=SeriesFactory(name="Focus", slug="focus"),
            title="Alliance politics",
            authors=[AuthorFactory(name="KIM Minsu")],
            body="<p>Seoul said the sanctions &lt;b&gt;worked&lt;/b&gt; <b>well</b>.</p>",
        )
    html = client.get("/en/search/", {"q": "sanction"}).content.decode()
    assert f'<a href="{article.get_absolute_url()}">Alliance politics</a>' in html
    assert ">Focus</a>" in html and "KIM Minsu" in html
    assert article.published_at.strftime("%Y-%m-%d") in html
    assert "the <mark>sanctions</mark> &lt;b&gt;worked&lt;/b&gt; well." in html
    assert "1 result for “sanction”" in html


def test_a_match_only_in_an_attachment_says_so(client, indexed):
    with indexed():
        article = ArticleFactory(title="Digital finance")
        AttachmentFactory(
            article=article,
            original_name="The Full Text.pdf",
            file=ContentFile(pdf_with_text("Cryptocurrency <script>x</script>"), "f.pdf"),
        )
    html = client.get("/en/search/", {"q": "cryptocurrency"}).content.decode()
    assert "<mark>Cryptocurrency</mark> &lt;script&gt;x&lt;/script&gt;" in html
    assert "in The Full Text.pdf" in html


def test_ten_a_page_and_filters_survive_pagination(client, indexed):
    with indexed():
        series = SeriesFactory(slug="focus")
        for number in range(12):
            ArticleFactory(series=series, title=f"Hydrogen {number}")
        ArticleFactory(title="Hydrogen elsewhere")
    first = client.get("/en/search/", {"q": "hydrogen", "series": "focus"})
    assert len(first.context["page_obj"].object_list) == 10
    html = first.content.decode()
    assert 'href="?q=hydrogen&amp;series=focus&amp;page=2" rel="next"' in html
    assert '<option value="focus" selected>' in html and "(12)</option>" in html
    second = client.get("/en/search/", {"q": "hydrogen", "series": "focus", "page": 2})
    assert len(second.context["page_obj"].object_list) == 2


def test_filter_options_are_escaped_and_the_chosen_one_selected(client, indexed):
    with indexed():
        ArticleFactory(
            series=SeriesFactory(name='<b>"Focus" & more</b>', slug="focus"),
            authors=[AuthorFactory(name="<script>alert(1)</script>", slug="kim")],
            title="Hydrogen",
        )
    html = client.get("/en/search/", {"q": "hydrogen", "author": "kim"}).content.decode()
    assert (
        '<option value="focus">&lt;b&gt;&quot;Focus&quot; &amp; more&lt;/b&gt; (1)</option>' in html
    )
    assert '<option value="kim" selected>&lt;script&gt;alert(1)&lt;/script&gt; (1)</option>' in html
    assert "<script>alert(1)" not in html and '<b>"Focus"' not in html


def test_an_empty_query_shows_the_latest_publications(client, indexed):
    with indexed():
        ArticleFactory(title="Older", published_at=timezone.now() - datetime.timedelta(days=9))
        ArticleFactory(title="Newest")
    response = client.get("/en/search/", {"q": "  "})
    titles = [article.title for article in response.context["page_obj"]]
    assert titles == ["Newest", "Older"]
    assert "Latest publications" in response.content.decode()


def test_a_long_query_is_cut_and_shown(client, search_db):
    response = client.get("/en/search/", {"q": "동맹 " * 2000})
    assert response.status_code == 200
    assert len(response.context["query"]) == 200
    assert "results for “동맹 동맹" in response.content.decode()


def test_bad_filters_are_ignored_not_errors(client, search_db):
    response = client.get("/en/search/", {"q": "x", "year": "abc", "sort": "?", "page": "-1"})
    assert response.status_code == 200


def test_the_index_follows_publish_edit_unpublish_and_delete(indexed):
    with indexed():
        article = ArticleFactory(title="Quiet", status=Article.Status.DRAFT)
    assert slugs("quiet") == set()
    with indexed():
        article.status = Article.Status.PUBLISHED
        article.save()
    assert slugs("quiet") == {article.slug}
    with indexed():
        article.title = "Loud"
        article.save()
    assert slugs("quiet") == set() and slugs("loud") == {article.slug}
    with indexed():
        article.status = Article.Status.DRAFT
        article.save()
    assert slugs("loud") == set()
    with indexed():
        article.status = Article.Status.PUBLISHED
        article.save()
        article.delete()
    assert slugs("loud") == set()


def test_the_index_follows_tags_authors_and_attachments(indexed):
    with indexed():
        article = ArticleFactory(title="Plain")
        article.tags.add("Arctic")
    assert slugs("arctic") == {article.slug}
    with indexed():
        author = AuthorFactory(name="Hong Gildong")
        ArticleFactory._meta.model.authors.through.objects.create(article=article, author=author)
    assert slugs("gildong") == {article.slug}
    with indexed():
        author.name = "Jeon Woochi"
        author.save()
    assert slugs("woochi") == {article.slug} and slugs("gildong") == set()
    with indexed():
        attachment = AttachmentFactory(
            article=article, file=ContentFile(pdf_with_text("Tundra maps"), "t.pdf")
        )
    assert slugs("tundra") == {article.slug}
    with indexed():
        attachment.delete()
    assert slugs("tundra") == set()


def test_a_scheduled_article_is_found_once_its_time_has_come(indexed):
    with indexed():
        article = ArticleFactory(
            title="Embargoed", published_at=timezone.now() + datetime.timedelta(days=1)
        )
    assert slugs("embargoed") == set()
    Article.objects.filter(pk=article.pk).update(
        published_at=timezone.now() - datetime.timedelta(minutes=1)
    )  # the clock moving on, without any signal
    assert slugs("embargoed") == {article.slug}


def test_rebuild_search_index_recreates_documents_and_attachment_texts(search_db, eager_celery):
    article = ArticleFactory(title="Glacier report")  # no commit: nothing indexed yet
    AttachmentFactory(article=article, file=ContentFile(pdf_with_text("Permafrost"), "p.pdf"))
    assert slugs("glacier") == set()
    call_command("rebuild_search_index", verbosity=0)
    assert slugs("glacier") == {article.slug}
    assert slugs("permafrost") == {article.slug}


def test_rebuild_missing_indexes_only_articles_without_a_document(search_db, capsys):
    indexed = ArticleFactory(title="Glacier report")
    call_command("rebuild_search_index", verbosity=0)
    ArticleFactory(title="Tundra survey")  # no commit: nothing indexed yet
    call_command("rebuild_search_index", "--missing", verbosity=0)
    assert "Indexed 1 articles" in capsys.readouterr().out
    assert slugs("tundra") != set() and slugs("glacier") == {indexed.slug}


def test_admin_article_search_uses_site_search(
    staff_client, django_capture_on_commit_callbacks, eager_celery
):
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(title="한미동맹의 미래", status=Article.Status.DRAFT)
    response = staff_client.get("/admin/publications/article/", {"q": "동맹을"})
    assert "한미동맹의 미래" in response.content.decode()


def test_sort_by_date_or_relevance(client, indexed):
    with indexed():
        ArticleFactory(slug="old-title", title="Arctic", published_at=timezone.now() - DAY * 30)
        ArticleFactory(slug="new-body", title="Other", body="<p>Arctic.</p>")
    assert [a.slug for a in search("arctic").results] == ["old-title", "new-body"]
    by_date = search("arctic", sort="date").results
    assert [a.slug for a in by_date] == ["new-body", "old-title"]


def test_results_page_runs_a_fixed_number_of_queries(
    client, indexed, django_assert_max_num_queries
):
    with indexed():
        for number in range(15):
            article = ArticleFactory(title=f"Arctic {number}", authors=[AuthorFactory()])
            AttachmentFactory(article=article)
    # Counts, facets and the ranked ids of the first pages (one statement), the
    # ten articles with their authors and attachments, the site's series menu,
    # the tags' content type (once per process).
    with django_assert_max_num_queries(6):
        client.get("/en/search/", {"q": "arctic"})


def test_results_read_neither_article_bodies_nor_series_descriptions(client, indexed, search_db):
    with indexed():
        series = SeriesFactory(description_en="<p>Long about the series.</p>")
        for number in range(3):
            ArticleFactory(series=series, title=f"Arctic {number}", body="<p>Arctic ice.</p>")
    with CaptureQueriesContext(connections[search_db]) as queries:
        response = client.get("/en/search/", {"q": "arctic"})
    assert response.content.decode().count('class="search-result"') == 3
    shown = [query["sql"] for query in queries.captured_queries if '"title"' in query["sql"]]
    assert len(shown) == 1  # the ten articles, with their series and documents
    assert '"publications_article"."body"' not in shown[0]
    assert '"publications_series"."description_en"' not in shown[0]


def test_attachments_are_read_only_for_results_found_in_them_alone(client, indexed, search_db):
    def page():
        with CaptureQueriesContext(connections[search_db]) as queries:
            html = client.get("/en/search/", {"q": "permafrost"}).content.decode()
        read = [query["sql"] for query in queries.captured_queries]
        return html, sum('FROM "publications_attachment"' in sql for sql in read)

    with indexed():
        in_body = ArticleFactory(title="Thaw", body="<p>Permafrost thaw.</p>")
        AttachmentFactory(article=in_body, file=ContentFile(pdf_with_text("Permafrost"), "a.pdf"))
    html, attachment_queries = page()
    assert "<mark>Permafrost</mark> thaw." in html and "in The Full Text.pdf" not in html
    assert attachment_queries == 0  # long texts left unread
    with indexed():
        AttachmentFactory(
            article=ArticleFactory(title="Atlas"),
            original_name="The Full Text.pdf",
            file=ContentFile(pdf_with_text("Permafrost atlas"), "b.pdf"),
        )
    html, attachment_queries = page()
    assert "<mark>Permafrost</mark> atlas" in html and "in The Full Text.pdf" in html
    assert attachment_queries == 1


def test_indexing_is_queued_for_the_worker_or_done_in_place_if_the_broker_is_down(
    search_db, indexed, monkeypatch
):
    from search import tasks

    queued = []
    monkeypatch.setattr(tasks.index_articles, "delay", lambda *args: queued.append(args))
    with indexed():
        article = ArticleFactory(title="Fjord")
    assert queued == [([article.pk], search_db)]
    assert slugs("fjord") == set()  # not indexed in the web process

    def broker_down(*args):
        raise OSError("broker unreachable")

    monkeypatch.setattr(tasks.index_articles, "delay", broker_down)
    with indexed():
        article.title = "Fjord map"
        article.save()
    assert slugs("fjord") == {article.slug}

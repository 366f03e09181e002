"""Revisions: every save (admin, bulk action, import) keeps one; compare two; restore one."""

import datetime

import pytest
from reversion.models import Version

from publications.exchange.load import apply
from publications.exchange.plan import ArticleItem, Plan
from publications.models import Article
from tests.factories import ArticleFactory, AuthorFactory
from tests.publications.admin_forms import form_errors
from tests.publications.workflow_support import change_form, make_user, post_change

YESTERDAY = datetime.datetime(2024, 5, 1, 0, 0, tzinfo=datetime.UTC)
HISTORY = "/admin/publications/article/{}/history/"


@pytest.fixture
def publisher(client, django_user_model):
    user = make_user(django_user_model, "publisher", "Publishers")
    client.force_login(user)
    return user


def versions(article):
    return list(Version.objects.get_for_object(article).select_related("revision__user"))


def test_an_admin_save_keeps_a_revision_with_who_and_everything_saved(client, publisher, series):
    author = AuthorFactory(name="KIM Minji")
    article = ArticleFactory(series=series, status="draft", tags=["Old"])
    data = change_form(
        article,
        title="Revised title",
        tags="Arctic, Energy",
        **{
            "article_authors-TOTAL_FORMS": "1",
            "article_authors-0-author": author.pk,
            "article_authors-0-position": "0",
        },
    )
    response = client.post(f"/admin/publications/article/{article.pk}/change/", data)
    assert response.status_code == 302, form_errors(response)
    [version] = versions(article)
    assert version.revision.user == publisher
    assert version.field_dict["title"] == "Revised title"
    assert version.field_dict["status"] == "draft"
    kept = {v.content_type.model for v in version.revision.version_set.all()}
    assert {"article", "articleauthor", "taggeditem", "tag"} <= kept
    from publications.revisions import related_lists

    held = related_lists(version)
    assert held["tags"] == ["Arctic", "Energy"]  # not the tags of before the save
    assert held["authors"] == ["KIM Minji"]


def test_an_import_keeps_a_revision_per_article(tmp_path, series):
    """The importer's writing half (exchange/load.py), given a checked plan."""
    plan = Plan(
        base=tmp_path,
        articles=[
            ArticleItem(
                place="articles[0]",
                series=series.slug,
                slug="imported",
                fields={"title": "Imported piece", "language": "en", "published_at": YESTERDAY},
                tags=["Trade"],
            )
        ],
    )
    apply(plan)
    article = Article.objects.get(slug="imported")
    [version] = versions(article)
    assert version.revision.user is None
    assert "Imported" in version.revision.comment
    from publications.revisions import related_lists

    assert related_lists(version)["tags"] == ["Trade"]
    assert article.state_changes.get().action == "published"


def test_compare_shows_the_body_as_text_side_by_side(client, publisher, series):
    article = ArticleFactory(series=series, status="draft", body="<p>First <b>para</b>.</p>")
    post_change(client, article, body="<p>First <b>para</b>.</p><p>Second para.</p>")
    post_change(client, article, body="<p>First <b>para</b>.</p><p>Second paragraph.</p>")
    newer, older = sorted(versions(article), key=lambda v: -v.pk)
    page = client.get(
        HISTORY.format(article.pk) + "compare/",
        {"version_id1": older.pk, "version_id2": newer.pk},
    ).content.decode()
    assert 'class="compare-side-by-side"' in page
    assert "<ins>graph</ins>" in page
    assert "&lt;p&gt;" not in page and "&lt;b&gt;" not in page  # text, not raw HTML


def test_restoring_a_revision_is_a_new_revision_and_is_logged(client, publisher, series):
    article = ArticleFactory(series=series, status="draft", title="Original")
    post_change(client, article, title="Original")
    post_change(client, article, title="Rewritten")
    first = min(versions(article), key=lambda v: v.pk)
    url = f"/admin/publications/article/{article.pk}/history/{first.pk}/"
    assert client.get(url).status_code == 200
    assert Article.objects.get(pk=article.pk).title == "Rewritten"  # looking changes nothing
    response = client.post(url, change_form(article, title="Original"))
    assert response.status_code == 302, form_errors(response)
    assert Article.objects.get(pk=article.pk).title == "Original"
    assert len(versions(article)) == 3
    assert article.state_changes.get().action == "restored"


def test_an_editor_cannot_restore_over_a_published_article(client, django_user_model, series):
    editor = make_user(django_user_model, "editor", "Editors")
    article = ArticleFactory(series=series, status="draft", title="Draft days")
    publisher = make_user(django_user_model, "publisher", "Publishers")
    client.force_login(publisher)
    post_change(client, article)
    post_change(client, article, status="published", title="Live")
    first = min(versions(article), key=lambda v: v.pk)
    client.force_login(editor)
    url = f"/admin/publications/article/{article.pk}/history/{first.pk}/"
    response = client.post(url, change_form(article, title="Draft days", status="draft"))
    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).status == "published"


def test_the_change_page_shows_the_history(client, publisher, series):
    article = ArticleFactory(series=series, status="draft")
    post_change(client, article, _transition="review")
    page = client.get(f"/admin/publications/article/{article.pk}/change/").content.decode()
    assert "submitted for review" in page
    assert 'class="revision-list"' in page and "publisher" in page

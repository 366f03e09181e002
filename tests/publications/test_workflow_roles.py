"""Review before publishing: each role x each action, through hand-posted admin forms.

Editors write and submit for review; Publishers (a group made by a migration)
publish, schedule, unpublish, request changes and edit anything. The server
decides: a form an editor posts by hand cannot publish.
"""

import pytest
from django.contrib.auth.models import Group

from publications.models import Article, StateChange
from tests.factories import ArticleFactory
from tests.publications.admin_forms import form_errors, post_article
from tests.publications.workflow_support import (
    LIST_URL,
    future,
    make_user,
    past,
    post_change,
)

DRAFT, REVIEW, PUBLISHED = "draft", "review", "published"


@pytest.fixture
def editor(django_user_model):
    return make_user(django_user_model, "editor", "Editors")


@pytest.fixture
def publisher(django_user_model):
    return make_user(django_user_model, "publisher", "Publishers")


@pytest.fixture
def as_role(client, editor, publisher):
    def login(role):
        user = {"editor": editor, "publisher": publisher}[role]
        client.force_login(user)
        return user

    return login


def reload(article):
    return Article.objects.get(pk=article.pk)


@pytest.mark.django_db
def test_the_publishers_group_made_by_the_migration_may_publish_and_editors_may_not():
    publishers = Group.objects.get(name="Publishers")
    editors = Group.objects.get(name="Editors")
    assert publishers.permissions.filter(codename="publish_article").exists()
    assert publishers.permissions.filter(codename="change_article").exists()
    assert not editors.permissions.filter(codename="publish_article").exists()
    assert not publishers.permissions.filter(codename="change_user").exists()


# --- Creating -------------------------------------------------------------------


@pytest.mark.parametrize("role", ["editor", "publisher"])
def test_both_roles_may_write_a_draft(client, as_role, series, role):
    as_role(role)
    response, article = post_article(client, series, status=DRAFT, **past())
    assert response.status_code == 302, form_errors(response)
    assert article.status == DRAFT
    assert not article.state_changes.exists()  # a new draft is no move


@pytest.mark.parametrize("role", ["editor", "publisher"])
def test_both_roles_may_create_an_article_straight_into_review(client, as_role, series, role):
    user = as_role(role)
    response, article = post_article(client, series, status=REVIEW, **past())
    assert response.status_code == 302, form_errors(response)
    change = article.state_changes.get()
    assert (change.action, change.user, change.to_status) == ("submitted", user, REVIEW)


@pytest.mark.parametrize(("role", "allowed"), [("editor", False), ("publisher", True)])
def test_only_a_publisher_may_create_a_published_article(client, as_role, series, role, allowed):
    as_role(role)
    response, article = post_article(client, series, status=PUBLISHED, **past())
    if allowed:
        assert response.status_code == 302
        assert article.status == PUBLISHED and article.is_public
    else:
        assert response.status_code == 200 and article is None
        assert any("Only a publisher may publish" in e for e in form_errors(response))


# --- Moving an existing article ---------------------------------------------------


@pytest.mark.parametrize("role", ["editor", "publisher"])
def test_both_roles_may_submit_a_draft_for_review(client, as_role, series, role):
    user = as_role(role)
    article = ArticleFactory(series=series, status=DRAFT)
    response = post_change(client, article, _transition=REVIEW)
    assert response.status_code == 302, form_errors(response)
    assert reload(article).status == REVIEW
    assert article.state_changes.get().action == "submitted"
    assert article.state_changes.get().user == user


@pytest.mark.parametrize(("role", "allowed"), [("editor", False), ("publisher", True)])
def test_only_a_publisher_may_publish_an_article_in_review(client, as_role, series, role, allowed):
    as_role(role)
    article = ArticleFactory(series=series, status=REVIEW)
    response = post_change(client, article, _transition=PUBLISHED, **past())
    assert reload(article).status == (PUBLISHED if allowed else REVIEW)
    if allowed:
        assert response.status_code == 302
        assert article.state_changes.get().action == "published"
    else:
        assert any("Only a publisher may publish" in e for e in form_errors(response))
        assert not article.state_changes.exists()


@pytest.mark.parametrize(("role", "allowed"), [("editor", False), ("publisher", True)])
def test_a_hand_posted_status_field_cannot_publish_for_an_editor(
    client, as_role, series, role, allowed
):
    """No button, no JavaScript: the raw status field, as a script would post it."""
    as_role(role)
    article = ArticleFactory(series=series, status=DRAFT)
    post_change(client, article, status=PUBLISHED, **past())
    assert reload(article).status == (PUBLISHED if allowed else DRAFT)
    assert Article.objects.published().filter(pk=article.pk).exists() is allowed


@pytest.mark.clocks
@pytest.mark.parametrize(("role", "allowed"), [("editor", False), ("publisher", True)])
def test_only_a_publisher_may_schedule(client, as_role, series, role, allowed):
    as_role(role)
    article = ArticleFactory(series=series, status=REVIEW)
    post_change(client, article, _transition=PUBLISHED, **future())
    article = reload(article)
    assert article.is_scheduled is allowed
    assert not article.is_public
    if allowed:
        assert article.state_changes.get().action == "scheduled"


def test_a_publisher_requests_changes_with_a_comment(client, as_role, series):
    publisher = as_role("publisher")
    article = ArticleFactory(series=series, status=REVIEW)
    response = post_change(
        client, article, _transition=DRAFT, workflow_comment="Shorten the summary."
    )
    assert response.status_code == 302, form_errors(response)
    change = article.state_changes.get()
    assert (change.action, change.user, change.comment) == (
        "changes",
        publisher,
        "Shorten the summary.",
    )
    assert reload(article).status == DRAFT


def test_requesting_changes_without_a_comment_is_refused_with_a_message(client, as_role, series):
    as_role("publisher")
    article = ArticleFactory(series=series, status=REVIEW)
    response = post_change(client, article, _transition=DRAFT)
    assert any("a comment is needed" in e for e in form_errors(response))
    assert reload(article).status == REVIEW


def test_an_editor_sending_back_their_own_submission_withdraws_it(client, as_role, series):
    as_role("editor")
    article = ArticleFactory(series=series, status=REVIEW)
    post_change(client, article, _transition=DRAFT)
    assert reload(article).status == DRAFT
    assert article.state_changes.get().action == "withdrawn"


@pytest.mark.parametrize(("role", "allowed"), [("editor", False), ("publisher", True)])
def test_only_a_publisher_may_unpublish(client, as_role, series, role, allowed):
    as_role(role)
    article = ArticleFactory(series=series, status=PUBLISHED)
    response = post_change(client, article, _transition=DRAFT)
    assert reload(article).status == (DRAFT if allowed else PUBLISHED)
    if allowed:
        assert article.state_changes.get().action == "unpublished"
    else:
        assert response.status_code == 403


@pytest.mark.parametrize(("role", "allowed"), [("editor", False), ("publisher", True)])
def test_only_a_publisher_may_edit_a_published_article(client, as_role, series, role, allowed):
    as_role(role)
    article = ArticleFactory(series=series, status=PUBLISHED, title="Live title")
    response = post_change(client, article, title="Changed with nobody looking")
    assert (reload(article).title == "Changed with nobody looking") is allowed
    assert response.status_code == (302 if allowed else 403)


def test_an_editor_sees_a_published_article_read_only(client, as_role, series):
    as_role("editor")
    article = ArticleFactory(series=series, status=PUBLISHED)
    page = client.get(f"/admin/publications/article/{article.pk}/change/").content.decode()
    assert 'name="title"' not in page
    assert "Submit for review" not in page


def test_the_form_offers_an_editor_no_published_status(client, as_role, series):
    as_role("editor")
    article = ArticleFactory(series=series, status=DRAFT)
    page = client.get(f"/admin/publications/article/{article.pk}/change/").content.decode()
    assert 'value="review"' in page and 'value="published"' not in page
    as_role("publisher")
    page = client.get(f"/admin/publications/article/{article.pk}/change/").content.decode()
    assert 'value="published"' in page


# --- Bulk actions ----------------------------------------------------------------


def bulk(client, action, articles, **extra):
    data = {"action": action, "_selected_action": [a.pk for a in articles], **extra}
    return client.post(LIST_URL, data)


@pytest.mark.parametrize(("role", "allowed"), [("editor", False), ("publisher", True)])
def test_only_a_publisher_may_bulk_publish(client, as_role, series, role, allowed):
    as_role(role)
    articles = [ArticleFactory(series=series, status=REVIEW) for _ in range(2)]
    bulk(client, "publish_selected", articles)
    assert [reload(a).status for a in articles] == [PUBLISHED if allowed else REVIEW] * 2
    assert StateChange.objects.filter(action="published").count() == (2 if allowed else 0)


@pytest.mark.parametrize(("role", "allowed"), [("editor", False), ("publisher", True)])
def test_only_a_publisher_may_bulk_unpublish(client, as_role, series, role, allowed):
    as_role(role)
    articles = [ArticleFactory(series=series, status=PUBLISHED) for _ in range(2)]
    bulk(client, "unpublish_selected", articles)
    assert [reload(a).status for a in articles] == [DRAFT if allowed else PUBLISHED] * 2


@pytest.mark.parametrize("role", ["editor", "publisher"])
def test_bulk_move_to_a_series_leaves_published_articles_to_publishers(
    client, as_role, series, role
):
    from tests.factories import SeriesFactory

    as_role(role)
    target = SeriesFactory(slug="target")
    draft = ArticleFactory(series=series, status=DRAFT)
    live = ArticleFactory(series=series, status=PUBLISHED)
    asked = bulk(client, "move_to_series", [draft, live])
    assert asked.status_code == 200 and b'name="series"' in asked.content
    bulk(client, "move_to_series", [draft, live], series=target.pk, apply="1")
    assert reload(draft).series == target
    assert (reload(live).series == target) is (role == "publisher")


@pytest.mark.parametrize("role", ["editor", "publisher"])
def test_bulk_add_tag(client, as_role, series, role):
    as_role(role)
    draft = ArticleFactory(series=series, status=DRAFT)
    live = ArticleFactory(series=series, status=PUBLISHED)
    bulk(client, "add_tag", [draft, live], tag="Arctic", apply="1")
    assert list(draft.tags.names()) == ["Arctic"]
    assert ("Arctic" in live.tags.names()) is (role == "publisher")

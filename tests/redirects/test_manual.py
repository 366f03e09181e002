"""Redirects added by hand and imported from CSV: checked, never a loop or another host."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from redirects.models import Redirect
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/redirects/redirect/add/"
IMPORT = "/admin/redirects/redirect/import/"


def add(staff_client, old, new):
    return staff_client.post(ADD, {"old_path": old, "new_path": new})


def errors(response):
    if response.status_code == 302:
        return []
    form = response.context["adminform"].form
    return [m for messages in form.errors.values() for m in messages]


def test_a_redirect_added_by_hand_sends_an_old_site_address_to_an_article(
    staff_client, client, article
):
    target = article.get_absolute_url()
    assert add(staff_client, "/board/view.php?id=1234", target).status_code == 302
    response = client.get("/board/view.php", {"id": "1234"})
    assert (response.status_code, response["Location"]) == (301, target)
    assert Redirect.objects.get().origin == Redirect.Origin.MANUAL
    assert client.get("/board/view.php", {"id": "9"}).status_code == 404


def test_a_redirect_by_hand_works_with_and_without_a_language_prefix(staff_client, client):
    add(staff_client, "/about/staff/", "/en/publications/")
    assert client.get("/about/staff/")["Location"] == "/en/publications/"
    assert client.get("/en/about/staff/")["Location"] == "/en/publications/"
    assert client.get("/about/staff")["Location"] == "/en/publications/"


def test_an_address_on_our_own_site_is_stored_as_a_path(staff_client, settings):
    add(staff_client, "/old/", f"{settings.SITE_URL}/en/search/?q=korea")
    assert Redirect.objects.get().new_path == "/en/search/?q=korea"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "/\\evil.example/phish",
        "http:/evil.example",
        "javascript:alert(1)",
        "/en/ x",
    ],
)
def test_a_redirect_to_another_host_is_refused(staff_client, target):
    response = add(staff_client, "/old/", target)
    assert response.status_code == 200
    assert errors(response)
    assert Redirect.objects.count() == 0


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/a/", "/a/"),
        ("/a/", "/a"),
        ("/a/", "/en/a/"),
    ],
)
def test_a_redirect_to_itself_is_refused(staff_client, old, new):
    response = add(staff_client, old, new)
    assert any("loop" in message for message in errors(response))
    assert Redirect.objects.count() == 0


def test_a_redirect_closing_a_loop_is_refused(staff_client, client):
    assert add(staff_client, "/a/", "/b/").status_code == 302
    assert add(staff_client, "/b/", "/c/").status_code == 302
    response = add(staff_client, "/c/", "/a/")
    assert any("loop" in message for message in errors(response))
    assert Redirect.objects.count() == 2


def test_a_redirect_back_to_a_moved_article_old_address_is_refused(staff_client, series):
    article = ArticleFactory(series=series, slug="one")
    old = article.get_absolute_url()
    article.slug = "two"
    article.save()
    # The old address leads to the article; sending the article's address back
    # to it would loop as soon as the article's page is not there.
    response = add(staff_client, article.get_absolute_url(), old)
    assert any("loop" in message for message in errors(response))
    assert Redirect.objects.count() == 1


def csv_upload(staff_client, text, name="redirects.csv"):
    return staff_client.post(IMPORT, {"file": SimpleUploadedFile(name, text.encode())})


def test_a_csv_file_of_redirects_is_imported(staff_client, client, article):
    text = (
        "old,new\n"
        f"/board/view.php?id=1,{article.get_absolute_url()}\n"
        "/research/list.php,/en/publications/\n"
        "\n"
        "/한국어/페이지/,/ko/\n"
    )
    response = csv_upload(staff_client, text)
    assert response.status_code == 302
    assert Redirect.objects.filter(origin=Redirect.Origin.IMPORTED).count() == 3
    assert client.get("/board/view.php?id=1")["Location"] == article.get_absolute_url()
    assert client.get("/research/list.php")["Location"] == "/en/publications/"
    assert (
        client.get("/%ED%95%9C%EA%B5%AD%EC%96%B4/%ED%8E%98%EC%9D%B4%EC%A7%80/")["Location"]
        == "/ko/"
    )


def test_a_csv_file_with_a_bad_row_imports_nothing_and_names_the_lines(staff_client):
    text = (
        "/fine/,/en/\n"
        "/evil/,https://evil.example/\n"
        "/loop-a/,/loop-b/\n"
        "/loop-b/,/loop-a/\n"
        "/fine/,/ko/\n"
        "just-one-column\n"
    )
    response = csv_upload(staff_client, text)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Line 2:" in page and "this site" in page
    assert "Line 3:" in page and "Line 4:" in page and "loop" in page
    assert "Line 5:" in page and "already on line 1" in page
    assert "Line 6:" in page
    assert Redirect.objects.count() == 0


def test_a_csv_row_closing_a_loop_with_a_stored_redirect_is_refused(staff_client):
    add(staff_client, "/x/", "/y/")
    response = csv_upload(staff_client, "/y/,/x/\n")
    assert "loop" in response.content.decode()
    assert Redirect.objects.count() == 1


def test_a_file_that_is_not_utf8_text_is_refused(staff_client):
    response = staff_client.post(
        IMPORT, {"file": SimpleUploadedFile("r.csv", "/a/,/b/\n".encode("utf-16"))}
    )
    assert "not UTF-8" in response.content.decode()
    assert Redirect.objects.count() == 0


def test_only_staff_who_may_add_redirects_can_import(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("s", password="p", is_staff=True))
    assert client.get(IMPORT).status_code == 403


def test_a_stored_redirect_to_another_host_is_never_followed(client):
    Redirect.objects.create(old_path="/shell/", new_path="//evil.example/")
    Redirect.objects.create(old_path="/shell2/", new_path="https://evil.example/")
    assert client.get("/shell/").status_code == 404
    assert client.get("/shell2/").status_code == 404

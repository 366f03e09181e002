"""The form on the article page, and everything it refuses to send."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mailing.models import Mail
from tests.factories import ArticleFactory

pytestmark = pytest.mark.clocks  # scheduled articles are refused until their date


def test_article_page_has_the_send_email_form_prefilled(client, article):
    html = client.get(article.get_absolute_url(), HTTP_USER_AGENT="Mozilla/5.0").content.decode()
    assert '<dialog id="send-email-dialog"' in html
    for label in ("Recipient email", "Content address", "Title", "Message"):
        assert f">{label}</label>" in html
    assert f'value="{article.absolute_url}"' in html
    assert f'value="{article.title}"' in html
    assert html.count(" required") >= 4
    assert "js/mailing.js" in html
    # Works without JavaScript: the button sends a GET form to the mail page.
    opener = f'<form class="send-email-opener" method="get" action="{reverse("mailing:send")}">'
    assert opener in html


def test_form_page_without_javascript_is_prefilled(client, article):
    response = client.get(reverse("mailing:send"), {"url": article.absolute_url})
    assert response.status_code == 200
    assert f'value="{article.title}"' in response.content.decode()


def test_form_page_for_a_foreign_address_is_not_found(client, db):
    response = client.get(reverse("mailing:send"), {"url": "https://evil.example/x"})
    assert response.status_code == 404


def test_valid_post_is_accepted_and_queued_after_commit(
    post_email, article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = post_email()
    assert response.status_code == 302
    assert response.url == article.get_absolute_url()
    mail = Mail.objects.get()
    assert (mail.recipient, mail.article, mail.status) == (
        "friend@example.org",
        article,
        Mail.Status.QUEUED,
    )
    assert mail.title == "You should read this"
    assert len(callbacks) == 1


def test_success_without_javascript_shows_a_message_on_the_article(post_email, article):
    response = post_email()
    page = response.client.get(response.url, HTTP_USER_AGENT="Mozilla/5.0")
    assert "accepted and will be sent" in page.content.decode()


def test_success_with_javascript_is_json(post_email, db):
    response = post_email(json=True)
    assert response.status_code == 200
    assert response.json()["ok"] is True
    assert "accepted" in response.json()["message"]


def test_errors_without_javascript_keep_the_input(post_email, db):
    response = post_email(recipient="not an address", message="Kept message")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="not an address"' in html
    assert "Kept message" in html
    assert 'class="errorlist"' in html
    assert not Mail.objects.exists()


def test_errors_with_javascript_are_json_by_field(post_email, db):
    response = post_email(json=True, title="")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"title"}


@pytest.mark.parametrize("field", ["recipient", "content_address", "title", "message"])
def test_every_field_is_required(post_email, field, db):
    response = post_email(json=True, **{field: ""})
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Mail.objects.exists()


HOSTILE = [
    ("recipient", "friend@example.org\r\nBcc: victim@example.com"),
    ("recipient", "friend@example.org\nCc: victim@example.com"),
    ("recipient", "friend@example.org, victim@example.com"),
    ("recipient", "friend@example.org;victim@example.com"),
    ("recipient", "friend@example.org victim@example.com"),
    ("recipient", "Friend <friend@example.org>"),
    ("recipient", '"Friend" friend@example.org'),
    ("recipient", "friend@example.org%0d%0aBcc:victim@example.com"),
    ("recipient", "x" * 250 + "@example.org"),
    ("title", "Hello\r\nBcc: victim@example.com"),
    ("title", "Hello\nX-Spam: yes"),
    ("title", "Hello\u2028there"),
    ("title", "Cheap pills at https://pills.example"),
    ("title", "Visit www.pills.example"),
    ("title", "Visit pills-shop.com now"),
    ("title", "<b>Bold</b> claim"),
    ("title", "t" * 151),
    ("message", "Buy now: http://pills.example/buy"),
    ("message", "Buy now at www.pills.example"),
    ("message", "Buy now at pills-shop.ru"),
    ("message", "Cheap pills at evil.de today"),
    ("message", "Open 203.0.113.9/offer"),
    ("message", "광고 스팸.한국 방문"),
    ("title", "Go to xn--9n2bp8q.xn--9t4b11yi5a"),
    ("message", "see evil.example/landing"),
    ("message", '<a href="x">click</a>'),
    ("message", "Tricky &lt;script&gt;"),
    ("message", "bell\x07"),
    ("message", "m" * 1001),
    ("content_address", "https://evil.example/publications/ifans-focus/x/"),
    ("content_address", "http://testserver.evil.example/publications/ifans-focus/x/"),
    ("content_address", "http://testserver/"),
    ("content_address", "http://testserver/admin/"),
    ("content_address", "http://testserver/publications/ifans-focus/no-such-article/"),
    ("content_address", "javascript:alert(1)"),
    ("content_address", "http://testserver/publications/ifans-focus/x/\r\nBcc: v@example.com"),
]


@pytest.mark.parametrize(("field", "value"), HOSTILE)
def test_hostile_input_is_a_form_error_and_nothing_is_stored(post_email, field, value, db):
    response = post_email(json=True, **{field: value})
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert not Mail.objects.exists()


def test_links_in_the_message_get_a_clear_explanation(post_email, db):
    response = post_email(json=True, message="https://example.org")
    assert "added automatically" in response.json()["errors"]["message"][0]


def test_plain_prose_with_dots_and_angles_is_fine(post_email, db):
    message = "U.S.-Russia relations, e.g. arms control: 3 < 5 and 5 > 3. Agreed?\nYes."
    response = post_email(json=True, message=message, title="Biden-Putin: what next?")
    assert response.status_code == 200, response.json()


@pytest.mark.parametrize(
    "kind",
    ["draft", "scheduled"],
)
def test_unpublished_article_address_is_refused(post_email, series, kind):
    if kind == "draft":
        other = ArticleFactory(series=series, status="draft")
    else:
        other = ArticleFactory(
            series=series, published_at=timezone.now() + datetime.timedelta(days=1)
        )
    response = post_email(json=True, content_address=other.absolute_url)
    assert response.status_code == 400
    assert "content_address" in response.json()["errors"]
    assert not Mail.objects.exists()


def test_another_published_article_of_the_site_is_accepted(post_email, series):
    other = ArticleFactory(series=series, title="Another one")
    response = post_email(json=True, content_address=other.absolute_url + "?utm_source=x#top")
    assert response.status_code == 200
    assert Mail.objects.get().article == other


def test_unicode_slug_address_resolves(post_email, series):
    other = ArticleFactory(series=series, title="한미 관계", slug="한미-관계")
    response = post_email(json=True, content_address=other.absolute_url)
    assert response.status_code == 200, response.json()
    assert Mail.objects.get().article == other


def test_get_is_the_only_other_method(client, db):
    assert client.put(reverse("mailing:send")).status_code == 405

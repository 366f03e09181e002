"""The form's other pen-test findings (issue 8, LOW and INFO).

Links hidden by invisible or look-alike characters, private recipient domains,
a start token replayed for many mails, and POST to the address without its
trailing slash.
"""

import html
import re
import time

import pytest
from django.urls import reverse

from mailing.forms import sign_started
from mailing.models import Mail

# --- No links, however spelled -----------------------------------------------------

HIDDEN_LINKS = {
    "zero-width space": "evil\u200b.com",
    "soft hyphen": "evil\u00ad.com",
    "full-width dot": "evil．com",
    "full-width letters": "ｅｖｉｌ.ｃｏｍ",
    "ideographic full stop": "evil。com",
    "halfwidth ideographic full stop": "evil｡com",
    "word joiner": "evil\u2060.com",
    "zero-width non-joiner": "evil\u200c.com",
    "byte order mark": "evil.\ufeffcom",
}


@pytest.mark.parametrize("field", ["title", "message"])
@pytest.mark.parametrize("link", list(HIDDEN_LINKS.values()), ids=list(HIDDEN_LINKS))
def test_a_link_hidden_by_unicode_is_still_a_link(post_email, field, link, db):
    response = post_email(json=True, **{field: f"Go to {link} now"})
    assert response.status_code == 400
    [error] = response.json()["errors"][field]
    assert "Links are not allowed" in error
    assert not Mail.objects.exists()


@pytest.mark.parametrize("field", ["title", "message"])
def test_html_hidden_by_full_width_brackets_is_still_html(post_email, field, db):
    response = post_email(json=True, **{field: "＜script＞alert(1)"})
    assert response.status_code == 400
    assert "HTML is not allowed" in response.json()["errors"][field][0]


def test_text_with_joiners_and_dots_between_sentences_is_fine(post_email, db):
    # Emoji sequences use the zero-width joiner; sentences end with a dot and a line break.
    message = "가족 👨\u200d👩\u200d👧 모두 읽어 보세요.\n다음 장도 좋습니다.\nWorth it.\tReally."
    response = post_email(json=True, title="읽어 보세요。 좋은 글", message=message)
    assert response.status_code == 200, response.json()
    assert Mail.objects.get().message == message.replace("\r\n", "\n")


# --- A public recipient domain ------------------------------------------------------

PRIVATE_DOMAINS = [
    "root@localhost",
    "root@mailhost",
    "root@127.0.0.1",
    "root@[127.0.0.1]",
    "root@[IPv6:::1]",
    "root@printer.local",
    "root@app.localhost",
    "root@db.internal",
    "root@nothing.invalid",
    "root@site.test",
    "root@site.example",
    "root@ＬＯＣＡＬＨＯＳＴ",
]


@pytest.mark.parametrize("recipient", PRIVATE_DOMAINS)
def test_a_recipient_at_a_private_domain_is_refused(post_email, recipient, db):
    response = post_email(json=True, recipient=recipient)
    assert response.status_code == 400
    assert response.json()["errors"]["recipient"]
    assert not Mail.objects.exists()


def test_the_private_domain_message_says_what_to_do(post_email, db):
    [error] = post_email(json=True, recipient="root@localhost").json()["errors"]["recipient"]
    assert error == "Use an address at a public domain, like name@example.org."


@pytest.mark.parametrize(
    "recipient", ["friend@example.org", "friend@mail.example.co.kr", "friend@xn--3e0b707e.kr"]
)
def test_a_recipient_at_a_public_domain_is_accepted(post_email, recipient, db):
    assert post_email(json=True, recipient=recipient).status_code == 200


# --- One start token, one mail -------------------------------------------------------


@pytest.fixture
def token():
    return sign_started(time.time() - 60)


def test_a_replayed_start_token_sends_nothing_more(post_email, token, db):
    first = post_email(json=True, started=token, recipient="a@example.org")
    assert first.status_code == 200
    for n in range(9):
        replay = post_email(json=True, started=token, recipient=f"r{n}@example.org")
        assert replay.status_code == 409
    assert list(Mail.objects.values_list("recipient", flat=True)) == ["a@example.org"]


def test_a_double_clicked_send_is_told_the_mail_went_once(post_email, token, db):
    assert post_email(json=True, started=token).status_code == 200
    again = post_email(json=True, started=token)
    assert again.status_code == 409
    body = again.json()
    assert body["ok"] is False
    assert "already been sent, so it was not sent again" in body["message"]
    assert Mail.objects.count() == 1


def test_a_replay_without_javascript_is_a_page_that_can_send_another(
    post_email, token, settings, db
):
    settings.MAILING_MIN_FILL_SECONDS = 0
    assert post_email(started=token).status_code == 302
    page = post_email(started=token)
    assert page.status_code == 409
    html = page.content.decode()
    assert "already been sent, so it was not sent again" in html
    fresh = page.context["form"]["started"].value()
    assert fresh != token
    assert post_email(started=fresh, recipient="b@example.org").status_code == 302
    assert Mail.objects.count() == 2


def test_a_form_sent_back_with_errors_keeps_its_token(post_email, token, db):
    assert post_email(json=True, started=token, recipient="not an address").status_code == 400
    assert post_email(json=True, started=token).status_code == 200
    assert post_email(json=True, started=token).status_code == 409  # and then it is used
    assert Mail.objects.count() == 1


def test_a_rate_limited_form_keeps_its_token(post_email, token, settings, db):
    settings.MAILING_RATE_PER_IP = "0/h"
    assert post_email(json=True, started=token).status_code == 429
    settings.MAILING_RATE_PER_IP = "10/h"
    assert post_email(json=True, started=token).status_code == 200
    assert post_email(json=True, started=token).status_code == 409  # and then it is used


def test_the_dialog_gets_a_fresh_token_that_sends_once(client, post_email, article, settings):
    settings.MAILING_MIN_FILL_SECONDS = 0
    url = reverse("mailing:send")
    response = client.get(url, {"url": article.absolute_url}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    fresh = response.json()["started"]
    assert post_email(json=True, started=fresh).status_code == 200
    assert post_email(json=True, started=fresh).status_code == 409


def test_a_fresh_token_is_only_for_an_article_of_this_site(client, db):
    response = client.get(
        reverse("mailing:send"),
        {"url": "https://evil.example.org/"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 404


def test_tokens_signed_before_the_nonce_still_work_once(post_email, db):
    from django.core import signing

    legacy = signing.dumps(time.time() - 60, salt="mailing.form-started")
    assert post_email(json=True, started=legacy).status_code == 200
    assert post_email(json=True, started=legacy).status_code == 409


# --- The address without its trailing slash ------------------------------------------


def test_post_without_the_trailing_slash_is_answered_not_a_500(client, form_data, settings, db):
    settings.DEBUG = True  # CommonMiddleware raises its APPEND_SLASH error only under DEBUG
    path = reverse("mailing:send").rstrip("/")
    response = client.post(path, form_data(), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert Mail.objects.count() == 1


def test_unsubscribe_without_the_trailing_slash_is_answered_not_a_500(client, settings, db):
    from mailing import optout
    from mailing.models import OptOut

    settings.DEBUG = True
    path = optout.optout_url("friend@example.org").removeprefix(settings.SITE_URL).rstrip("/")
    assert client.post(path).status_code == 200
    assert OptOut.covers("friend@example.org")


# --- The cached article page ---------------------------------------------------------

READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"}


@pytest.fixture
def cached_pages(settings, redis_url):
    """Whole article pages served from the shared (Redis) cache, as in production."""
    from django.core.cache import cache

    settings.CACHES = {
        "default": {
            "BACKEND": "thinktank.redis_cache.SharedClientRedisCache",
            "LOCATION": redis_url + "/6",
        }
    }
    settings.PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


def started_on(page):
    match = re.search(r'name="started" value="([^"]+)"', page.content.decode())
    return html.unescape(match[1])


def test_each_view_of_a_cached_page_carries_a_token_that_sends_once(
    cached_pages, client, post_email, article, settings
):
    settings.MAILING_MIN_FILL_SECONDS = 0
    views = [client.get(article.get_absolute_url(), **READER) for _ in range(3)]
    tokens = [started_on(view) for view in views]
    assert len(set(tokens)) == 3
    for n, token in enumerate(tokens):
        assert (
            post_email(json=True, started=token, recipient=f"r{n}@example.org").status_code == 200
        )
        assert post_email(json=True, started=token).status_code == 409
    assert Mail.objects.count() == 3


def test_with_the_cache_down_a_reader_can_still_send(post_email, token, settings, db):
    from tests.services import free_port

    settings.CACHES = {
        "default": {
            "BACKEND": "thinktank.redis_cache.SharedClientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
        }
    }
    assert post_email(json=True, started=token).status_code == 200
    assert Mail.objects.count() == 1

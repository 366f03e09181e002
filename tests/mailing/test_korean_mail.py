"""A mail sent from a Korean page is written in Korean: subject prefix, body, footer, opt-out."""

import pytest
from django.core import mail as outbox
from django.urls import reverse
from django.utils import translation

from mailing import services
from mailing.models import Mail
from tests.factories import ArticleFactory, AuthorFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def korean_article():
    series = SeriesFactory(slug="ifans-focus-ko", name_en="IFANS Focus", name_ko="IFANS 포커스")
    author = AuthorFactory(slug="lee", name_en="LEE TaeRim", name_ko="이태림")
    title = "바이든-푸틴 정상회담 분석"
    return ArticleFactory(
        series=series, title=title, slug="biden-putin", language="ko", authors=[author]
    )


@pytest.fixture
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_the_form_on_a_korean_page_queues_a_korean_mail(client, korean_article, form_data):
    with translation.override("ko"):
        send = reverse("mailing:send")
    assert send.startswith("/ko/")
    data = form_data(content_address=korean_article.absolute_url)
    response = client.post(send, data, HTTP_ACCEPT="application/json", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200, response.content
    assert "이메일이 접수되었습니다" in response.json()["message"]
    assert Mail.objects.get().language == "ko"


def test_a_korean_mail_says_everything_in_korean(korean_article, locmem):
    mail = Mail.objects.create(
        article=korean_article,
        recipient="friend@example.org",
        title="꼭 읽어 보세요",
        message="좋은 글입니다.",
        client_hash="h",
        language="ko",
    )
    assert services.send_mail(mail.pk) == Mail.Status.SENT
    [sent] = outbox.outbox
    assert sent.subject == "[IFANS] 공유: 꼭 읽어 보세요"
    assert "IFANS 독자가 글을 공유했습니다." in sent.body
    assert "IFANS 포커스" in sent.body and "이태림" in sent.body
    assert "이 양식으로 보내는 이메일을 더 받지 않으려면" in sent.body
    assert "/ko/publications/ifans-focus-ko/biden-putin/" in sent.body
    unsubscribe = sent.extra_headers["List-Unsubscribe"].strip("<>")
    assert "/ko/mail/unsubscribe/" in unsubscribe
    html, _ = sent.alternatives[0]
    assert '<html lang="ko">' in html
    for english in ("shares an article", "Their message", "Read it on", "Send Email"):
        assert english not in sent.body and english not in html


def test_the_opt_out_page_of_a_korean_mail_is_korean(client, korean_article, locmem):
    mail = Mail.objects.create(
        article=korean_article,
        recipient="friend@example.org",
        title="t",
        message="m",
        client_hash="h",
        language="ko",
    )
    services.send_mail(mail.pk)
    unsubscribe = outbox.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    page = client.get(unsubscribe.removeprefix("http://testserver")).content.decode()
    assert '<html lang="ko">' in page
    assert "수신 거부" in page

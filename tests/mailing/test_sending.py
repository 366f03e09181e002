"""The mail that goes out, and the sending service's rules (claim, retry, fail, sweep)."""

import datetime
import smtplib
import zoneinfo

import pytest
from django.core import mail as outbox
from django.utils import timezone

from mailing import optout, services
from mailing.models import Mail
from mailing.tasks import send_mail as send_mail_task
from tests.services import closed_port

pytestmark = pytest.mark.clocks  # the mail shows dates; the sweeper and retries use the clock
Status = Mail.Status


@pytest.fixture
def queued(article):
    def make(**fields):
        values = {
            "article": article,
            "recipient": "friend@example.org",
            "title": "You should read this",
            "message": "Worth reading.\n\nSecond paragraph.",
            "client_hash": "h",
            "language": "en",
        }
        values.update(fields)
        return Mail.objects.create(**values)

    return make


@pytest.fixture
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEFAULT_FROM_EMAIL = "no-reply@ifans.example"


def test_the_mail_names_site_and_article_and_carries_the_footer(queued, article, locmem, settings):
    mail = queued()
    assert services.send_mail(mail.pk) == Status.SENT
    [sent] = outbox.outbox
    message = sent.message()
    assert message["From"] == "no-reply@ifans.example"
    assert message["To"] == "friend@example.org"
    assert message["Subject"] == "[IFANS] Shared: You should read this"
    for header in ("Reply-To", "Cc", "Bcc"):
        assert message[header] is None
    unsubscribe = optout.optout_url("friend@example.org")
    assert message["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = sent.body
    assert "IFANS" in text
    assert article.title in text
    assert "IFANS Focus" in text and "LEE TaeRim" in text
    # The date as the reader's edition shows it: the day in TIME_ZONE, not in UTC.
    local_day = article.published_at.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).date()
    assert f" · {local_day.isoformat()}\n" in text
    assert article.summary in text
    assert "http://testserver" + article.get_absolute_url() in text
    assert "> Worth reading.\n>\n> Second paragraph." in text
    assert '"Send Email" form' in text
    assert unsubscribe in text
    html, mimetype = sent.alternatives[0]
    assert mimetype == "text/html"
    assert article.title in html and unsubscribe.replace("&", "&amp;") in html


def test_the_html_part_escapes_everything(queued, series, locmem):
    from tests.factories import ArticleFactory

    nasty = ArticleFactory(series=series, title='<script>alert("x")</script> & co')
    mail = queued(article=nasty, message='5 > 3 & "quoted"')
    services.send_mail(mail.pk)
    html = outbox.outbox[0].alternatives[0][0]
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "5 &gt; 3 &amp; &quot;quoted&quot;" in html
    assert '<script>alert("x")</script> & co' in outbox.outbox[0].body  # text stays text


def test_the_link_is_the_articles_own_never_the_input(post_email, article, locmem, settings):
    post_email(content_address=article.absolute_url + "?next=https://evil.example")
    services.send_mail(Mail.objects.get().pk)
    assert "evil" not in outbox.outbox[0].body
    assert article.absolute_url in outbox.outbox[0].body


def test_a_mail_is_sent_once_however_often_the_task_runs(queued, locmem):
    mail = queued()
    assert services.send_mail(mail.pk) == Status.SENT
    assert services.send_mail(mail.pk) is None
    assert len(outbox.outbox) == 1
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (Status.SENT, 1)
    assert mail.sent_at is not None


def test_a_fresh_sending_row_is_not_claimed_but_an_abandoned_one_is(queued):
    busy = queued(status=Status.SENDING, updated_at=timezone.now())
    abandoned = queued(
        status=Status.SENDING, updated_at=timezone.now() - datetime.timedelta(minutes=3)
    )
    assert services.claim(busy.pk) is False
    assert services.claim(abandoned.pk) is True
    assert services.claim(abandoned.pk) is False


def test_opted_out_after_queueing_is_suppressed_at_send_time(queued, locmem):
    mail = queued()
    optout.opt_out("friend@example.org")
    assert services.send_mail(mail.pk) == Status.SUPPRESSED
    assert outbox.outbox == []


def test_backoff_meets_the_numbers(settings):
    settings.MAILING_RETRY_BASE_SECONDS = 15
    settings.MAILING_RETRY_MAX_SECONDS = 600
    delays = [services.backoff(n) for n in range(1, 8)]
    assert delays[0] <= 30
    assert delays == sorted(delays)
    assert max(delays) == 600
    assert settings.MAILING_MAX_ATTEMPTS == 8


def test_retries_use_celerys_jittered_exponential_backoff():
    assert send_mail_task.autoretry_for == (services.RetryLater,)
    assert send_mail_task.retry_backoff and send_mail_task.retry_jitter
    assert send_mail_task.retry_backoff_max == 600
    assert send_mail_task.max_retries is None  # the row's attempts decide when to give up


def test_permanent_and_transient_errors():
    assert services.is_permanent(
        smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"No such user")})
    )
    assert not services.is_permanent(
        smtplib.SMTPRecipientsRefused({"a@example.org": (451, b"Try later")})
    )
    assert services.is_permanent(smtplib.SMTPDataError(554, b"Rejected"))
    assert not services.is_permanent(smtplib.SMTPDataError(421, b"Busy"))
    assert not services.is_permanent(smtplib.SMTPServerDisconnected("gone"))
    assert not services.is_permanent(ConnectionRefusedError())


@pytest.fixture
def refusing_smtp(settings):
    """SMTP settings naming a port that is bound but never listens: connections are refused."""
    with closed_port() as port:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_TIMEOUT = 2
        yield


def test_transient_failure_requeues_with_backoff_and_gives_up_after_max(
    queued, settings, refusing_smtp
):
    settings.MAILING_MAX_ATTEMPTS = 2
    mail = queued()
    with pytest.raises(services.RetryLater):
        services.send_mail(mail.pk)
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (Status.QUEUED, 1)
    assert "Connection" in mail.last_error or "refused" in mail.last_error.lower()
    assert mail.due_at > timezone.now()
    assert services.send_mail(mail.pk) == Status.FAILED
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (Status.FAILED, 2)


def test_sweeper_requeues_only_what_is_stuck(queued, broker):
    old = timezone.now() - datetime.timedelta(minutes=3)
    stuck_queued = queued(due_at=old)
    stuck_sending = queued(status=Status.SENDING, updated_at=old)
    queued()  # just accepted: its task is on its way
    queued(status=Status.SENDING)  # being sent right now
    queued(status=Status.SENT, due_at=old)
    queued(status=Status.FAILED, due_at=old)
    queued(due_at=timezone.now() + datetime.timedelta(minutes=5))  # waiting for a retry

    assert services.requeue_stuck() == 2
    assert broker.queued() == 2
    for row in (stuck_queued, stuck_sending):
        row.refresh_from_db()
        assert row.status == Status.QUEUED
        assert row.due_at > old
    assert services.requeue_stuck() == 0  # not again before another STUCK_AFTER


def test_accepted_mail_is_published_to_the_broker_after_commit(
    post_email, broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_email()
    assert broker.queued() == 1


def test_broker_down_at_submit_still_accepts_and_keeps_the_row(
    post_email, broker, django_capture_on_commit_callbacks
):
    with closed_port() as port:
        broker.use(f"redis://127.0.0.1:{port}/0")
        with django_capture_on_commit_callbacks(execute=True):
            response = post_email(json=True)
    assert response.status_code == 200
    assert Mail.objects.get().status == Status.QUEUED

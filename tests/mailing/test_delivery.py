"""End to end: real Redis broker, real Celery worker, real SMTP server, real PostgreSQL.

Nothing here is mocked. The worker runs as `celery -A thinktank worker` in a
subprocess on the test database; mail goes to an aiosmtpd server on a free port.
"""

import datetime

import pytest
from django.utils import timezone

from mailing import optout, services
from mailing.models import Mail
from tests.services import closed_port, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
Status = Mail.Status


def status_of(mail_id):
    return Mail.objects.filter(pk=mail_id).values_list("status", flat=True).first()


def test_a_posted_form_becomes_a_delivered_mail(post_email, make_worker, smtp_server, article):
    make_worker()
    response = post_email(json=True, recipient="friend@example.org", message="Read this.\nNow.")
    assert response.status_code == 200
    mail = Mail.objects.get()

    wait_for(lambda: smtp_server.received, timeout=30, what="the mail at the SMTP server")
    wait_for(lambda: status_of(mail.pk) == Status.SENT, timeout=10, what="status sent")
    [(mail_from, rcpt_tos, message)] = smtp_server.received
    assert mail_from == "no-reply@localhost"
    assert rcpt_tos == ["friend@example.org"]
    assert message["From"] == "no-reply@localhost"
    assert message["To"] == "friend@example.org"
    assert message["Subject"] == "[IFANS] Shared: You should read this"
    for header in ("Reply-To", "Cc", "Bcc"):
        assert message[header] is None
    unsubscribe = optout.optout_url("friend@example.org")
    assert message["List-Unsubscribe"].strip() == f"<{unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert article.title in text
    assert article.absolute_url in text
    assert "> Read this.\n> Now." in text
    assert '"Send Email" form' in text and unsubscribe in text
    html = message.get_body(("html",)).get_content()
    assert article.title in html
    mail.refresh_from_db()
    assert mail.attempts == 1


def test_smtp_down_then_back_delivers_exactly_once(post_email, make_worker, smtp_server, broker):
    smtp_server.stop()
    make_worker()
    post_email(json=True)
    mail = Mail.objects.get()
    wait_for(
        lambda: Mail.objects.filter(pk=mail.pk, attempts__gte=2, status=Status.QUEUED).exists(),
        timeout=30,
        what="failed attempts while SMTP is down",
    )
    assert "refused" in Mail.objects.get().last_error.lower()
    smtp_server.start()
    wait_for(lambda: status_of(mail.pk) == Status.SENT, timeout=30, what="delivery after SMTP")
    wait_for(broker.settled, timeout=30, what="no task left to run (a duplicate would be one)")
    assert len(smtp_server.received) == 1


def test_no_worker_then_a_worker_delivers(post_email, make_worker, smtp_server, broker):
    post_email(json=True)
    mail = Mail.objects.get()
    assert status_of(mail.pk) == Status.QUEUED
    assert broker.queued() == 1  # waiting in Redis, not lost
    make_worker()
    wait_for(lambda: status_of(mail.pk) == Status.SENT, timeout=30, what="delivery")
    assert len(smtp_server.received) == 1


def test_broker_down_at_submit_is_delivered_by_the_sweeper(
    post_email, make_worker, smtp_server, broker
):
    with closed_port() as port:
        broker.use(f"redis://127.0.0.1:{port}/0")  # refused: nothing listens there
        response = post_email(json=True)
    assert response.status_code == 200  # the reader still gets success
    mail = Mail.objects.get()
    assert status_of(mail.pk) == Status.QUEUED

    broker.use()  # the broker is back
    make_worker()  # ready: consuming from the (empty) queue
    assert broker.settled()  # nothing knows about the mail but the row
    assert smtp_server.received == []
    # Two minutes later beat runs the sweeper; stand in for both.
    Mail.objects.filter(pk=mail.pk).update(due_at=timezone.now() - datetime.timedelta(minutes=3))
    from mailing.tasks import requeue_stuck_mail

    assert requeue_stuck_mail() == 1
    wait_for(lambda: status_of(mail.pk) == Status.SENT, timeout=30, what="delivery")
    assert len(smtp_server.received) == 1


def test_mail_cut_off_by_a_killed_worker_is_sent_by_the_sweeper(
    article, make_worker, smtp_server, broker
):
    # What a kill -9 mid-send leaves: a row claimed long ago, its message gone.
    mail = Mail.objects.create(
        article=article,
        recipient="friend@example.org",
        title="Cut off",
        message="Hello.",
        client_hash="h",
        status=Status.SENDING,
        attempts=1,
        updated_at=timezone.now() - datetime.timedelta(minutes=3),
    )
    make_worker()
    assert services.requeue_stuck() == 1
    wait_for(lambda: status_of(mail.pk) == Status.SENT, timeout=30, what="delivery")
    assert len(smtp_server.received) == 1
    assert Mail.objects.get().attempts == 2


def test_permanent_refusal_fails_at_once(post_email, make_worker, smtp_server, broker):
    smtp_server.handler.rcpt_reply = "550 5.1.1 No such user here"
    make_worker()
    post_email(json=True)
    mail = Mail.objects.get()
    wait_for(lambda: status_of(mail.pk) == Status.FAILED, timeout=30, what="status failed")
    wait_for(broker.settled, timeout=30, what="no retry left queued or running")
    mail.refresh_from_db()
    assert mail.attempts == 1
    assert "550" in mail.last_error
    assert smtp_server.received == []


def test_redelivered_task_for_a_sent_mail_sends_nothing(
    post_email, make_worker, smtp_server, broker
):
    worker = make_worker()
    post_email(json=True)
    mail = Mail.objects.get()
    wait_for(lambda: status_of(mail.pk) == Status.SENT, timeout=30, what="delivery")
    services.enqueue(mail.pk)  # as if the broker delivered it again
    services.enqueue(mail.pk)
    runs = lambda: worker.finished("mailing.tasks.send_mail") >= 3  # noqa: E731
    wait_for(runs, timeout=30, what="both redelivered tasks to have run")
    assert len(smtp_server.received) == 1
    assert Mail.objects.get().attempts == 1

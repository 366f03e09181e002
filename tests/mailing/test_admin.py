"""The admin's mail list: read-only, filterable, with a retry action for failed mails."""

from django.urls import reverse

from mailing.models import Mail


def make_mail(article, **fields):
    values = {"article": article, "recipient": "friend@example.org", "title": "T", "message": "M"}
    return Mail.objects.create(client_hash="h", **(values | fields))


def test_list_shows_mails_and_filters_by_status(staff_client, article):
    make_mail(article, status=Mail.Status.FAILED, last_error="550 No such user")
    make_mail(article, recipient="other@example.org", status=Mail.Status.SENT)
    url = reverse("admin:mailing_mail_changelist")
    html = staff_client.get(url, {"status__exact": "failed"}).content.decode()
    assert "550 No such user" in html
    assert "other@example.org" not in html


def test_a_mail_cannot_be_added_or_edited(staff_client, article):
    mail = make_mail(article)
    assert staff_client.get(reverse("admin:mailing_mail_add")).status_code == 403
    url = reverse("admin:mailing_mail_change", args=[mail.pk])
    page = staff_client.get(url).content.decode()
    assert 'name="recipient"' not in page
    staff_client.post(url, {"recipient": "evil@example.org"})
    mail.refresh_from_db()
    assert mail.recipient == "friend@example.org"


def test_retry_action_requeues_only_failed_mails(
    staff_client, article, django_capture_on_commit_callbacks
):
    failed = make_mail(article, status=Mail.Status.FAILED, attempts=8)
    sent = make_mail(article, status=Mail.Status.SENT, attempts=1)
    with django_capture_on_commit_callbacks() as callbacks:
        staff_client.post(
            reverse("admin:mailing_mail_changelist"),
            {"action": "retry_failed", "_selected_action": [failed.pk, sent.pk]},
        )
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert (failed.status, failed.attempts) == (Mail.Status.QUEUED, 0)
    assert sent.status == Mail.Status.SENT
    assert len(callbacks) == 1

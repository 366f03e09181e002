"""What mailing does: accept a reader's request, send it, sweep what got stuck.

Lifecycle of a `Mail` row::

    queued -> sending -> sent
                      -> queued (transient error: retried with backoff)
                      -> failed (permanent refusal, or out of attempts)
    queued -> suppressed (the recipient opted out)

A row is claimed with one conditional UPDATE before anything is sent, so a
task delivered twice (redelivery, the sweeper, a retry) sends at most once.
"""

import logging
import smtplib
from datetime import timedelta
from functools import partial

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from publications import languages

from . import ratelimit
from .message import build_message
from .models import Mail, OptOut

logger = logging.getLogger(__name__)

Status = Mail.Status
STUCK_AFTER = timedelta(minutes=2)
# The task is named here and sent by name: tasks.py imports this module, never
# the other way round.
SEND_MAIL_TASK = "mailing.tasks.send_mail"


class RetryLater(Exception):
    """A transient failure: the task should try again (Celery picks the delay)."""


# --- Accepting ------------------------------------------------------------------


def request_mail(*, article, recipient, title, message, client_ip):
    """Store a reader's request and queue it for sending once committed.

    Raises ratelimit.RateLimited (nothing stored) when a limit is reached. An
    opted-out recipient gets a `suppressed` row and nothing is queued; the
    caller answers the same either way.
    """
    client = ratelimit.client_hash(client_ip)
    with transaction.atomic():
        ratelimit.lock()
        ratelimit.check(client=client, recipient=recipient)
        suppressed = OptOut.covers(recipient)
        mail = Mail.objects.create(
            article=article,
            recipient=recipient,
            title=title,
            message=message,
            client_hash=client,
            language=languages.active(),  # the page's edition: the mail speaks it
            status=Status.SUPPRESSED if suppressed else Status.QUEUED,
        )
        if not suppressed:
            transaction.on_commit(partial(enqueue, mail.pk))
    return mail


def enqueue(mail_id):
    """Hand a mail to the broker; if the broker is down the row waits for the sweeper."""
    try:
        current_app.signature(SEND_MAIL_TASK).apply_async(
            (mail_id,),
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.2},
        )
    except Exception:
        logger.exception("Could not enqueue mail %s; the sweeper will retry.", mail_id)
        return False
    return True


# --- Sending --------------------------------------------------------------------


def backoff(attempts):
    """The latest a retry after attempt number `attempts` may come: base, 2*base,
    4*base..., capped. Celery's jittered countdown is at most this, so the row's
    due_at is when the sweeper may step in if the retry never arrives."""
    base = max(1, int(settings.MAILING_RETRY_BASE_SECONDS))  # Celery's factor is whole seconds
    return min(base * 2 ** max(attempts - 1, 0), int(settings.MAILING_RETRY_MAX_SECONDS))


def claim(mail_id):
    """Atomically move a queued (or abandoned sending) row to sending; True if we got it."""
    now = timezone.now()
    claimable = Q(status=Status.QUEUED) | Q(status=Status.SENDING, updated_at__lt=now - STUCK_AFTER)
    return bool(
        Mail.objects.filter(claimable, pk=mail_id).update(
            status=Status.SENDING, attempts=F("attempts") + 1, updated_at=now
        )
    )


def _finish(mail, status, error="", **fields):
    now = timezone.now()
    Mail.objects.filter(pk=mail.pk, status=Status.SENDING).update(
        status=status, last_error=error[:2000], updated_at=now, **fields
    )


def is_permanent(exc):
    """A 5xx answer from the server: retrying would only be refused again."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return False


def send_mail(mail_id):
    """Send one mail, at most once. Raises RetryLater on a transient failure."""
    if not claim(mail_id):
        return None
    mail = Mail.objects.select_related("article__series").get(pk=mail_id)
    if OptOut.covers(mail.recipient):
        _finish(mail, Status.SUPPRESSED)
        return Status.SUPPRESSED
    if mail.attempts > settings.MAILING_MAX_ATTEMPTS:
        _finish(mail, Status.FAILED, mail.last_error or "Too many attempts.")
        return Status.FAILED
    try:
        build_message(mail).send()
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        if is_permanent(exc) or mail.attempts >= settings.MAILING_MAX_ATTEMPTS:
            logger.warning("Mail %s failed: %s", mail.pk, error)
            _finish(mail, Status.FAILED, error)
            return Status.FAILED
        latest = backoff(mail.attempts)
        logger.info("Mail %s: %s; retrying within %ss", mail.pk, error, latest)
        _finish(mail, Status.QUEUED, error, due_at=timezone.now() + timedelta(seconds=latest))
        raise RetryLater(error) from exc
    _finish(mail, Status.SENT, sent_at=timezone.now())
    return Status.SENT


# --- Recovering -----------------------------------------------------------------


def requeue_stuck():
    """Enqueue again what waits too long: queued past its due time, or sending abandoned.

    Covers a mail accepted while the broker was down and one cut off by a
    killed worker. Such rows go back to queued with a fresh `due_at`, so each
    is re-enqueued at most every STUCK_AFTER; the claim makes any duplicate
    task harmless.
    """
    cutoff = timezone.now() - STUCK_AFTER
    stuck = Q(status=Status.QUEUED, due_at__lt=cutoff) | Q(
        status=Status.SENDING, updated_at__lt=cutoff
    )
    ids = list(Mail.objects.filter(stuck).values_list("pk", flat=True)[:1000])
    now = timezone.now()
    Mail.objects.filter(stuck, pk__in=ids).update(status=Status.QUEUED, due_at=now, updated_at=now)
    for mail_id in ids:
        enqueue(mail_id)
    if ids:
        logger.info("Re-enqueued %d stuck mail(s).", len(ids))
    return len(ids)


def retry_failed(queryset):
    """Give failed mails a fresh set of attempts (admin action)."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(queryset.filter(status=Status.FAILED).values_list("pk", flat=True))
        Mail.objects.filter(pk__in=ids).update(
            status=Status.QUEUED, attempts=0, due_at=now, updated_at=now
        )
        for mail_id in ids:
            transaction.on_commit(partial(enqueue, mail_id))
    return len(ids)

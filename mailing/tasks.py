"""Celery tasks for mail: thin, they call the services that act.

Retry timing is Celery's own (retry_backoff, retry_backoff_max, retry_jitter):
full jitter spreads the retries of many mails after an SMTP outage instead of
sending them back all at once. The database row stays the source of truth
(status, attempts, due_at); the sweeper re-enqueues any mail whose task was lost.
"""

from celery import shared_task
from django.conf import settings

from thinktank.periodic import once_per_period

from . import services


@shared_task(
    name=services.SEND_MAIL_TASK,
    autoretry_for=(services.RetryLater,),
    max_retries=None,  # services.send_mail gives up after MAILING_MAX_ATTEMPTS
    retry_backoff=settings.MAILING_RETRY_BASE_SECONDS,
    retry_backoff_max=int(settings.MAILING_RETRY_MAX_SECONDS),
    retry_jitter=True,
    soft_time_limit=120,
    time_limit=150,
)
def send_mail(mail_id):
    """Send one accepted mail; a transient failure raises RetryLater and Celery retries."""
    return services.send_mail(mail_id)


@shared_task
@once_per_period("requeue-stuck-mail")
def requeue_stuck_mail():
    """Beat job, every minute: re-enqueue mails stuck in queued or sending."""
    return services.requeue_stuck()

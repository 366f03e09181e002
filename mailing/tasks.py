from celery import shared_task

from . import services


@shared_task(bind=True, max_retries=None, soft_time_limit=120, time_limit=150)
def send_mail(self, mail_id):
    """Send one accepted mail; the service decides whether and when to try again."""
    try:
        return services.send_mail(mail_id)
    except services.RetryLater as exc:
        raise self.retry(countdown=exc.countdown, exc=exc) from None


@shared_task
def requeue_stuck_mail():
    """Beat job, every minute: re-enqueue mails stuck in queued or sending."""
    return services.requeue_stuck()

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from publications.models import Article


class Mail(models.Model):
    """One reader's request to email an article: a row with a status.

    The row is written before anything is sent, so an accepted mail survives a
    broker outage or a killed worker; `services` moves it through the statuses.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SUPPRESSED = "suppressed", _("Suppressed (opted out)")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="+", verbose_name=_("article")
    )
    recipient = models.EmailField(_("recipient"), max_length=254)
    title = models.CharField(_("title"), max_length=150)
    message = models.TextField(_("message"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # A keyed hash of the client address: enough to count, useless to anyone else.
    client_hash = models.CharField(_("client hash"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    due_at = models.DateTimeField(_("next attempt due"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("mail")
        verbose_name_plural = _("mails")
        indexes = [
            models.Index(fields=["client_hash", "created_at"], name="mail_client_recent"),
            models.Index(Lower("recipient"), "created_at", name="mail_recipient_recent"),
            models.Index(fields=["status", "due_at"], name="mail_status_due"),
        ]

    def __str__(self):
        return f"{self.recipient}: {self.title}"


class OptOut(models.Model):
    """An address that asked never to receive mail from the form again."""

    address = models.EmailField(_("address"), max_length=254, unique=True)
    created_at = models.DateTimeField(_("opted out"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("opt-out")
        verbose_name_plural = _("opt-outs")

    def __str__(self):
        return self.address

    @staticmethod
    def normalize(address):
        return address.strip().lower()

    @classmethod
    def covers(cls, address):
        return cls.objects.filter(address=cls.normalize(address)).exists()

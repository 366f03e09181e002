from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from publications.models import Article, default_language

from . import addresses


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
    # The mailbox `recipient` names (addresses.key): what limits and opt-outs compare.
    recipient_key = models.CharField(_("recipient key"), max_length=254, editable=False)
    title = models.CharField(_("title"), max_length=150)
    message = models.TextField(_("message"), max_length=1000)
    # The language of the page the mail was sent from: the mail is written in it.
    language = models.CharField(_("language"), max_length=2, default=default_language)
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
            models.Index(fields=["recipient_key", "created_at"], name="mail_recipient_key_recent"),
            models.Index(fields=["status", "due_at"], name="mail_status_due"),
        ]

    def __str__(self):
        return f"{self.recipient}: {self.title}"

    def save(self, *args, **kwargs):
        self.recipient_key = addresses.key(self.recipient)
        super().save(*args, **kwargs)


class OptOut(models.Model):
    """A mailbox that asked never to receive mail from the form again.

    `address` holds the mailbox's key (addresses.key), so one opt-out covers
    every spelling of it: case, Unicode look-alikes, `+tag` sub-addresses.
    """

    address = models.EmailField(_("address"), max_length=254, unique=True)
    created_at = models.DateTimeField(_("opted out"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("opt-out")
        verbose_name_plural = _("opt-outs")

    def __str__(self):
        return self.address

    def save(self, *args, **kwargs):
        self.address = self.normalize(self.address)
        super().save(*args, **kwargs)

    def clean(self):
        # Before the unique check of a ModelForm (the admin), which runs after clean().
        self.address = self.normalize(self.address)

    @staticmethod
    def normalize(address):
        return addresses.key(address)

    @classmethod
    def covers(cls, address):
        return cls.objects.filter(address=cls.normalize(address)).exists()

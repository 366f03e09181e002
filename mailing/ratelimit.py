"""Who is asking, and may they: client address, its hash, and the send limits.

Limits are counted against the `Mail` rows themselves (hashed client address,
recipient, creation time), so they hold across any number of web processes.
`check()` runs inside the transaction that stores the new row, after a lock
that serialises those transactions, so two simultaneous requests cannot both
slip under a limit.
"""

import re
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from . import addresses
from .models import Mail

_RATE = re.compile(r"^\s*(\d+)\s*/\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_LOCK_KEY = 0x6D61696C  # "mail": one advisory lock for every accept transaction


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


class RateLimited(Exception):
    """Raised when a request would pass a limit; the message is for the reader."""


@cache
def parse_rate(text):
    """`"10/h"` -> Rate(10, 3600). Formats: N/s, N/m, N/h, N/d."""
    match = _RATE.match(text or "")
    if not match:
        raise ValueError(f"Bad rate {text!r}: expected N/s, N/m, N/h or N/d.")
    return Rate(int(match[1]), _UNIT_SECONDS[match[2]])


def client_hash(ip):
    return salted_hmac("mailing.client", ip).hexdigest()


def lock():
    """Serialise accept transactions (PostgreSQL; SQLite writers are serial already)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


def _since(rate):
    return timezone.now() - timedelta(seconds=rate.seconds)


def check(*, client, recipient):
    """Raise RateLimited if one more mail from `client` to `recipient` is too many.

    Recipients are counted by mailbox (addresses.key): every spelling of one
    address, `+tag` sub-addresses included, shares one limit.
    """
    rate = parse_rate(settings.MAILING_RATE_PER_IP)
    if Mail.objects.filter(client_hash=client, created_at__gte=_since(rate)).count() >= rate.count:
        raise RateLimited(_("You have sent too many emails. Please try again later."))
    rate = parse_rate(settings.MAILING_RATE_PER_RECIPIENT)
    recent = Mail.objects.filter(
        recipient_key=addresses.key(recipient), created_at__gte=_since(rate)
    )
    if recent.count() >= rate.count:
        raise RateLimited(
            _("This address has received too many emails from us. Please try again later.")
        )
    site = Rate(settings.MAILING_RATE_SITE_PER_HOUR, 3600)
    if Mail.objects.filter(created_at__gte=_since(site)).count() >= site.count:
        raise RateLimited(_("Too many emails are being sent right now. Please try again later."))

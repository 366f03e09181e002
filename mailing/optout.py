"""Signed one-click opt-out links: the token is the mailbox's key, signed with SECRET_KEY.

The key (addresses.key) names the mailbox, not the spelling a mail was sent
to, so one click opts out `name+news@example.org` and `Name@example.org`
alike. Tokens made before keys existed carry a lowercased address; opting out
keys it again, so they keep working.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import OptOut

_SALT = "mailing.optout"


def make_token(address):
    """The same token for every spelling of a mailbox, every time."""
    return signing.Signer(salt=_SALT).sign_object(OptOut.normalize(address), compress=True)


def read_token(token):
    """The address a token was made for; raises signing.BadSignature if forged."""
    address = signing.Signer(salt=_SALT).unsign_object(token)
    if not isinstance(address, str) or "@" not in address:
        raise signing.BadSignature("Not an address.")
    return address


def optout_url(address):
    return settings.SITE_URL + reverse("mailing:unsubscribe", kwargs={"token": make_token(address)})


def opt_out(address):
    """Record the opt-out; idempotent."""
    OptOut.objects.get_or_create(address=OptOut.normalize(address))

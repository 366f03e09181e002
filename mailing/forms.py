"""The "Send Email" form: validation only. What may go out is decided here."""

import contextlib
import hashlib
import logging
import re
import secrets
import time
import unicodedata
from urllib.parse import unquote, urlsplit

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import Resolver404
from django.utils.translation import gettext_lazy as _

from publications.models import Article
from thinktank.editions import resolve_path

from . import addresses

logger = logging.getLogger(__name__)

_STARTED_SALT = "mailing.form-started"
_STARTED_USED = "mailing:started-used:"
# Control characters, including the Unicode line and paragraph separators.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029]")
_LINE_BREAK = re.compile(r"[\r\n\t\x0b\x0c\x85\u2028\u2029]")
_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"  # one DNS label, Unicode letters included
_URL = re.compile(
    rf"""(?ix)
      [a-z][a-z0-9+.-]*://                           # scheme://
    | \b(?:mailto|javascript):
    | \bwww\d{{0,3}}\.
    | {_LABEL}(?:\.{_LABEL})*\.(?:[^\W\d_]{{2,63}}|xn--[a-z0-9-]+)\b   # host.tld, any TLD
    | \b\d{{1,3}}(?:\.\d{{1,3}}){{3}}\b               # IPv4 address
    """
)
_HTML = re.compile(r"(?i)<\s*[a-z!/?]|&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);")
# The dots UTS 46 (browsers, linkifiers) reads as a dot in a host name; NFKC keeps U+3002.
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


def readable(value):
    """`value` as a reader sees it: invisible characters gone, look-alikes folded (NFKC).

    Rules about content (no links, no HTML) check this form, so that
    `evil<zero-width space>.com` or `evil．com` is read as the `evil.com` it shows.
    """
    # Spaces and line breaks stay (they separate words); what shows nothing goes.
    visible = "".join(char for char in value if char.isspace() or not addresses.is_invisible(char))
    return unicodedata.normalize("NFKC", visible).translate(_DOTS)


def no_control_characters(value):
    if _CONTROL.search(value):
        raise ValidationError(_("Remove the control characters."), code="control")


def single_line(value):
    if _LINE_BREAK.search(value) or _CONTROL.search(value):
        raise ValidationError(_("Keep this to a single line."), code="line_break")


def no_links(value):
    if _URL.search(readable(value)):
        raise ValidationError(
            _("Links are not allowed here: the article link is added automatically."),
            code="link",
        )


def no_html(value):
    if _HTML.search(readable(value)):
        raise ValidationError(_("Write plain text: HTML is not allowed."), code="html")


class AddressField(forms.EmailField):
    """An email address, cleaned to its deliverable form (see `addresses`).

    Spellings a person could not type (invisible or control characters) and
    domains no public mailbox lives at are refused with a message saying so.
    """

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        try:
            return addresses.deliverable(value)
        except addresses.InvalidAddress as exc:
            raise ValidationError(exc.message, code=exc.code) from None


def published_article_at(address):
    """The published article of this site that `address` points to, or None."""
    try:
        parts = urlsplit(address.strip())
    except ValueError:
        return None
    site = urlsplit(settings.SITE_URL)
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != site.netloc.lower():
        return None
    try:
        match = resolve_path(unquote(parts.path or "/"))
    except Resolver404:
        return None
    if match.view_name != "publications:article":
        return None
    return (
        Article.objects.published()
        .select_related("series")
        .filter(series__slug=match.kwargs["series"], slug=match.kwargs["slug"])
        .first()
    )


def sign_started(at=None):
    """The hidden start time that tells how long the form took to fill.

    It carries a nonce, so that each page view gets a token of its own: a token
    sends one mail (see SendEmailForm.claim_started).
    """
    return signing.dumps(
        [time.time() if at is None else at, secrets.token_urlsafe(9)], salt=_STARTED_SALT
    )


def _started_at(token):
    """The time in a signed start token (also the bare float of older tokens)."""
    value = signing.loads(token, salt=_STARTED_SALT)
    return float(value[0] if isinstance(value, list) else value)


class SendEmailForm(forms.Form):
    recipient = AddressField(
        label=_("Recipient email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    content_address = forms.CharField(
        label=_("Content address"), max_length=2000, validators=[single_line]
    )
    title = forms.CharField(
        label=_("Title"), max_length=150, validators=[single_line, no_links, no_html]
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=1000,
        validators=[no_control_characters, no_links, no_html],
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    # Traps for naive bots: a field people never see, and a signed start time.
    homepage = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    @classmethod
    def for_article(cls, article, started=None, **kwargs):
        """The form prefilled for `article`; `started` is a sign_started() value if given."""
        initial = {
            "content_address": article.absolute_url,
            "title": article.title[:150],
            "started": started or sign_started(),
        }
        return cls(initial=initial, **kwargs)

    def clean_content_address(self):
        address = self.cleaned_data["content_address"]
        self.article = published_article_at(address)
        if self.article is None:
            raise ValidationError(
                _("Enter the address of an article published on this site."), code="article"
            )
        return address

    def looks_automated(self):
        """True for a filled honeypot, or a form sent back too fast or long after it was served."""
        if self.data.get("homepage"):
            return True
        try:
            started = _started_at(self.data.get("started", ""))
        except (signing.BadSignature, TypeError, ValueError, IndexError):
            return True
        age = time.time() - started
        # Too fast for a person, or a timestamp replayed long after its page was served.
        return not settings.MAILING_MIN_FILL_SECONDS <= age <= settings.MAILING_FORM_MAX_AGE_SECONDS

    def _used_key(self):
        token = self.data.get("started", "")
        return _STARTED_USED + hashlib.sha256(token.encode()).hexdigest()

    def claim_started(self):
        """Mark this form's start token used; False if it was used already (a replay).

        One atomic `cache.add` per token, kept as long as the token is accepted
        at all, so a token sends at most one mail. Call it only for a form that
        is valid and not automated: a form sent back with errors keeps its token.
        """
        timeout = settings.MAILING_FORM_MAX_AGE_SECONDS + 60
        try:
            return cache.add(self._used_key(), True, timeout=timeout)
        except Exception:
            # The cache is down: readers' mail still goes (the rate limits, kept in
            # the database, still hold); only replays are not caught meanwhile.
            logger.warning("Cache unavailable: form start token not checked.", exc_info=True)
            return True

    def release_started(self):
        """Give the token back: nothing was accepted with it (a limit was reached)."""
        with contextlib.suppress(Exception):
            cache.delete(self._used_key())

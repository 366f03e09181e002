"""The "Send Email" form: validation only. What may go out is decided here."""

import re
import time
from urllib.parse import unquote, urlsplit

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

from publications.models import Article

_STARTED_SALT = "mailing.form-started"
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
# Anything that could turn one address into several, or into a header.
_NOT_IN_ADDRESS = re.compile(r"[\s,;<>\"'()\[\]\\:]")


def no_control_characters(value):
    if _CONTROL.search(value):
        raise ValidationError(_("Remove the control characters."), code="control")


def single_line(value):
    if _LINE_BREAK.search(value) or _CONTROL.search(value):
        raise ValidationError(_("Keep this to a single line."), code="line_break")


def no_links(value):
    if _URL.search(value):
        raise ValidationError(
            _("Links are not allowed here: the article link is added automatically."),
            code="link",
        )


def no_html(value):
    if _HTML.search(value):
        raise ValidationError(_("Write plain text: HTML is not allowed."), code="html")


def single_address(value):
    if _NOT_IN_ADDRESS.search(value) or value.count("@") != 1:
        raise ValidationError(
            _("Enter exactly one email address, like name@example.org."), code="address"
        )


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
        match = resolve(unquote(parts.path or "/"))
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
    """The hidden timestamp that tells how long the form took to fill."""
    return signing.dumps(time.time() if at is None else at, salt=_STARTED_SALT)


class SendEmailForm(forms.Form):
    recipient = forms.EmailField(
        label=_("Recipient email"),
        max_length=254,
        validators=[single_address],
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
            started = float(signing.loads(self.data.get("started", ""), salt=_STARTED_SALT))
        except (signing.BadSignature, TypeError, ValueError):
            return True
        age = time.time() - started
        # Too fast for a person, or a timestamp replayed long after its page was served.
        return not settings.MAILING_MIN_FILL_SECONDS <= age <= settings.MAILING_FORM_MAX_AGE_SECONDS

"""Email addresses: the one form we send to, and the one key a mailbox is known by.

Unicode offers many spellings of one mailbox: `victim@ｅｘａｍｐｌｅ.org`
(full-width), `victim@exa<soft hyphen>mple.org` (the mail layer's IDNA codec
drops the soft hyphen), `Victim+x@Example.org` (sub-address). Comparing the
typed strings lets each of them past an opt-out or a per-recipient limit.

- `deliverable(value)` is what a mail is stored with and sent to: NFKC, no
  invisible or control characters (refused, never silently dropped: a person
  cannot type them), the domain IDNA-encoded (as the mail layer would) and
  lowercased, a public dotted domain. The local part and its `+tag` are kept.
- `key(value)` is the mailbox: the deliverable form with the local part
  lowercased and its `+tag` folded. Opt-outs and the per-recipient limit
  compare keys only. It never raises, so it also keys addresses stored before
  these rules (rows, old opt-out links): characters the strict form refuses
  are dropped there, as the mail layer would drop them.
"""

import contextlib
import ipaddress
import re
import unicodedata

from django.utils.translation import gettext_lazy as _

# Unicode categories of characters nobody types into an address: control,
# format (zero-width space, soft hyphen, bidi marks), surrogate, private use,
# unassigned, and every separator (spaces, line and paragraph separators).
_REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"}
# Invisible characters of other categories: those IDNA's nameprep maps to
# nothing (combining grapheme joiner, Mongolian and other variation selectors),
# and the blank fillers that render as nothing.
_INVISIBLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\ufe00-\ufe0f\uffa0"
    "\U000e0100-\U000e01ef]"
)
# Anything that could turn one address into several, or into a header.
_NOT_IN_ADDRESS = re.compile(r"[\s,;<>\"'()\[\]\\:]")
# Top-level domains no public mailbox lives under (RFC 2606, 6761, 6762, 7686,
# 9476; ICANN's .internal) and those commonly used on private networks.
RESERVED_TLDS = frozenset(
    {
        *("alt", "arpa", "example", "internal", "invalid", "local", "localhost", "onion", "test"),
        *("corp", "home", "intranet", "lan", "localdomain", "private"),
    }
)


KEY_LENGTH = 254


class InvalidAddress(ValueError):
    """An address we refuse; `message` says why, for the person who typed it."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code


def is_invisible(char):
    """True for a character that shows nothing (or is not printable) on screen."""
    return (
        unicodedata.category(char) in _REFUSED_CATEGORIES
        or not char.isprintable()
        or bool(_INVISIBLE.match(char))
    )


def _idna(domain):
    """The ASCII form of `domain`, as Django's mail layer encodes it (IDNA 2003)."""
    return domain.encode("idna").decode("ascii").lower()


def deliverable(value):
    """The form `value` is stored with and sent to; raises InvalidAddress if refused."""
    value = value.strip()
    if any(is_invisible(char) for char in value):
        raise InvalidAddress(
            _(
                "This address contains invisible or control characters. "
                "Type it again by hand, like name@example.org."
            ),
            code="invisible",
        )
    value = unicodedata.normalize("NFKC", value)
    if _NOT_IN_ADDRESS.search(value) or value.count("@") != 1:
        raise InvalidAddress(
            _("Enter exactly one email address, like name@example.org."), code="address"
        )
    local, domain = value.split("@")
    if not local or not domain:
        raise InvalidAddress(_("Enter a valid email address."), code="invalid")
    try:
        domain = _idna(domain.lower())
    except UnicodeError:
        raise InvalidAddress(_("Enter a valid email address."), code="invalid") from None
    check_public_domain(domain)
    return f"{local}@{domain}"


def check_public_domain(domain):
    """Refuse what no public mailbox lives at: one label, an IP, a reserved TLD."""
    try:
        ipaddress.ip_address(domain)
    except ValueError:
        pass
    else:
        raise InvalidAddress(
            _("Use an address at a domain name, not at an IP address."), code="ip_domain"
        )
    labels = domain.split(".")
    if len(labels) < 2 or not all(labels) or labels[-1] in RESERVED_TLDS:
        raise InvalidAddress(
            _("Use an address at a public domain, like name@example.org."),
            code="private_domain",
        )


def key(value):
    """The mailbox `value` names: how opt-outs and limits compare addresses. Never raises."""
    text = "".join(char for char in str(value) if not is_invisible(char))
    text = unicodedata.normalize("NFKC", text)
    local, at, domain = text.rpartition("@")
    if not at:
        return text.lower()[:KEY_LENGTH]
    base = local.split("+", 1)[0]
    local = (base or local).lower()
    domain = domain.lower().rstrip(".")
    # A stored string that never was a valid address is compared as it is.
    with contextlib.suppress(UnicodeError):
        domain = _idna(domain)
    # Fits the columns that store it; only an address stored before these rules
    # (checked as typed, then IDNA-encoded here) can be longer.
    return f"{local}@{domain}"[:KEY_LENGTH]

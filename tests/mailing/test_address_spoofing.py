"""One mailbox, many spellings (pen test, issue 8, HIGH).

Each spelling of `victim@example.org` below either names that mailbox (so the
opt-out and the per-recipient limit hold) or is refused with a message on the
recipient field; none reaches the mailbox around them.
"""

import pytest
from django.urls import reverse

from mailing import addresses, optout
from mailing.models import Mail, OptOut

VICTIM = "victim@example.org"
# Spellings a person can type: accepted, and the same mailbox.
SAME_MAILBOX = {
    "full-width domain": "victim@ｅｘａｍｐｌｅ.org",
    "full-width everything": "ｖｉｃｔｉｍ＠ｅｘａｍｐｌｅ．ｏｒｇ",
    "ideographic full stop": "victim@example。org",
    "upper case": "VICTIM@EXAMPLE.ORG",
    "sub-address": "victim+x@example.org",
    "sub-address, upper case": "Victim+Newsletter@Example.org",
}
# Spellings nobody types: refused, with a message saying why.
INVISIBLE = {
    "soft hyphen": "victim@exa\u00admple.org",
    "zero-width space": "victim@exam\u200bple.org",
    "trailing soft hyphen": "victim@example.org\u00ad",
    "zero-width joiner": "vic\u200dtim@example.org",
    "word joiner": "victim@example\u2060.org",
    "byte order mark": "\ufeffvictim@example.org",
    "right-to-left override": "victim@\u202eexample.org",
    "variation selector": "victim@example\ufe0f.org",
    "combining grapheme joiner": "victim@exa\u034fmple.org",
    "hangul filler": "victim@exa\u3164mple.org",
    "line separator": "victim@exam\u2028ple.org",
    "no-break space": "victim@exa\u00a0mple.org",
    "control character": "victim@exa\x07mple.org",
}


def spellings(table):
    return pytest.mark.parametrize("spelling", list(table.values()), ids=list(table))


@pytest.fixture
def over_the_recipient_limit(post_email, settings, db):
    """Three mails to the victim today, from three different clients."""
    settings.MAILING_RATE_PER_RECIPIENT = "3/d"
    for n in range(3):
        assert post_email(json=True, ip=f"198.51.100.{n}", recipient=VICTIM).status_code == 200


@spellings(SAME_MAILBOX)
def test_every_spelling_shares_the_per_recipient_limit(
    spelling, over_the_recipient_limit, post_email
):
    response = post_email(json=True, ip="198.51.100.99", recipient=spelling)
    assert response.status_code == 429
    assert Mail.objects.count() == 3


@spellings(INVISIBLE)
def test_invisible_characters_are_refused_on_the_recipient_field(spelling, post_email, db):
    response = post_email(json=True, recipient=spelling)
    assert response.status_code == 400
    [error] = response.json()["errors"]["recipient"]
    assert "invisible or control characters" in error
    assert not Mail.objects.exists()


@spellings(SAME_MAILBOX)
def test_an_opted_out_mailbox_gets_nothing_under_any_spelling(
    spelling, post_email, db, django_capture_on_commit_callbacks
):
    optout.opt_out(VICTIM)
    with django_capture_on_commit_callbacks() as callbacks:
        response = post_email(json=True, recipient=spelling)
    assert response.status_code == 200  # the sender is not told
    assert callbacks == []
    assert Mail.objects.get().status == Mail.Status.SUPPRESSED


@spellings(SAME_MAILBOX)
def test_an_opt_out_from_any_spelling_covers_the_mailbox(
    spelling, post_email, client, db, django_capture_on_commit_callbacks
):
    # The link in a mail sent to that spelling, clicked by its reader.
    path = reverse("mailing:unsubscribe", kwargs={"token": optout.make_token(spelling)})
    assert client.post(path).status_code == 200
    assert list(OptOut.objects.values_list("address", flat=True)) == [VICTIM]
    with django_capture_on_commit_callbacks() as callbacks:
        post_email(json=True, recipient=VICTIM)
    assert callbacks == []
    assert Mail.objects.get().status == Mail.Status.SUPPRESSED


def test_an_old_opt_out_link_with_an_unkeyed_address_still_covers_the_mailbox(client, db):
    # Links made before keys existed signed the lowercased address as typed.
    from django.core import signing

    token = signing.Signer(salt="mailing.optout").sign_object(
        "victim+x@exa\u00admple.org", compress=True
    )
    response = client.post(reverse("mailing:unsubscribe", kwargs={"token": token}))
    assert response.status_code == 200
    assert OptOut.covers(VICTIM)


def test_the_stored_recipient_is_the_deliverable_form(post_email, db):
    assert post_email(json=True, recipient="Friend+Book@ＥＸＡＭＰＬＥ.org").status_code == 200
    assert post_email(json=True, recipient="friend@пример.рф").status_code == 200
    stored = list(Mail.objects.order_by("id").values_list("recipient", "recipient_key"))
    assert stored == [
        ("Friend+Book@example.org", "friend@example.org"),
        ("friend@xn--e1afmkfd.xn--p1ai", "friend@xn--e1afmkfd.xn--p1ai"),
    ]


# --- The address module itself ---------------------------------------------------


@pytest.mark.parametrize(
    "typed, deliverable",
    [
        ("victim@ｅｘａｍｐｌｅ.org", "victim@example.org"),
        ("ｖｉｃｔｉｍ＠ｅｘａｍｐｌｅ．ｏｒｇ", "victim@example.org"),
        ("Victim+Tag@Example.ORG", "Victim+Tag@example.org"),
        ("  friend@example.org ", "friend@example.org"),
        ("a@straße.de", "a@strasse.de"),  # as the mail layer's IDNA codec sends it
        ("a@пример.рф", "a@xn--e1afmkfd.xn--p1ai"),
        ("a@xn--e1afmkfd.xn--p1ai", "a@xn--e1afmkfd.xn--p1ai"),
    ],
)
def test_deliverable_form(typed, deliverable):
    assert addresses.deliverable(typed) == deliverable


@pytest.mark.parametrize("spelling", [*SAME_MAILBOX.values(), *INVISIBLE.values(), VICTIM])
def test_every_spelling_has_the_victims_key(spelling):
    assert addresses.key(spelling) == VICTIM


def test_the_key_of_a_deliverable_address_is_the_key_of_what_was_typed():
    for typed in SAME_MAILBOX.values():
        assert addresses.key(addresses.deliverable(typed)) == addresses.key(typed)


def test_the_key_never_raises_on_what_is_not_an_address():
    assert addresses.key("Not-An-Address") == "not-an-address"
    assert addresses.key("a@" + "x" * 70 + ".org") == "a@" + "x" * 70 + ".org"
    assert addresses.key("+tag@example.org") == "+tag@example.org"
    # Stored before these rules: checked at 254 characters as typed, longer once encoded.
    assert len(addresses.key("a@" + ".".join(["한국어도메인"] * 30) + ".kr")) == 254

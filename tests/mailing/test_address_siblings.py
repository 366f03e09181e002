"""Everywhere else an address is stored, compared or sent: one mailbox, one key.

The admin's search and hand-made opt-outs, the migration that keys the rows
stored before keys existed, and the address the SMTP server is really given.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from mailing import optout
from mailing.models import Mail, OptOut
from tests.services import wait_for


def make_mail(article, recipient):
    return Mail.objects.create(
        article=article, recipient=recipient, title="T", message="M", client_hash="h"
    )


# --- Admin ----------------------------------------------------------------------------


def test_admin_search_finds_every_spelling_of_a_mailbox(staff_client, article):
    make_mail(article, "Victim+news@example.org")
    make_mail(article, "victim@example.org")
    make_mail(article, "other@example.org")
    url = reverse("admin:mailing_mail_changelist")
    page = staff_client.get(url, {"q": "ｖｉｃｔｉｍ@ＥＸＡＭＰＬＥ.org"}).content.decode()
    assert "Victim+news@example.org" in page
    assert "victim@example.org" in page
    assert "other@example.org" not in page


def test_admin_search_finds_an_opt_out_by_any_spelling(staff_client, db):
    optout.opt_out("victim+x@example.org")
    OptOut.objects.create(address="other@example.org")
    url = reverse("admin:mailing_optout_changelist")
    page = staff_client.get(url, {"q": "VICTIM+other@Example.org"}).content.decode()
    assert "victim@example.org" in page
    assert "other@example.org" not in page


def test_an_opt_out_added_by_hand_is_stored_as_the_mailbox(staff_client, db):
    url = reverse("admin:mailing_optout_add")
    response = staff_client.post(url, {"address": "Victim+Tag@Example.org"})
    assert response.status_code == 302
    assert list(OptOut.objects.values_list("address", flat=True)) == ["victim@example.org"]
    again = staff_client.post(url, {"address": "victim@EXAMPLE.org"})
    assert again.status_code == 200  # the form, with its error: not a 500
    assert "already exists" in again.content.decode()
    assert OptOut.objects.count() == 1


# --- The migration that keys stored rows ----------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_keys_stored_mails_and_merges_opt_outs(article):
    executor = MigrationExecutor(connection)
    before = [("mailing", "0001_initial")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldMail = old.get_model("mailing", "Mail")
    OldOptOut = old.get_model("mailing", "OptOut")
    # Rows as the old code stored them: the typed string, lowercased for opt-outs.
    for recipient in ["victim@ｅｘａｍｐｌｅ.org", "Victim+x@Example.org", "a@пример.рф"]:
        OldMail.objects.create(
            article_id=article.pk, recipient=recipient, title="T", message="M", client_hash="h"
        )
    for address in ["victim+x@example.org", "victim@exa\u00admple.org", "other@example.org"]:
        OldOptOut.objects.create(address=address)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("mailing"))

    keys = list(Mail.objects.order_by("id").values_list("recipient_key", flat=True))
    assert keys == ["victim@example.org", "victim@example.org", "a@xn--e1afmkfd.xn--p1ai"]
    assert sorted(OptOut.objects.values_list("address", flat=True)) == [
        "other@example.org",
        "victim@example.org",
    ]


# --- What the SMTP server is given ----------------------------------------------------


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_mail_goes_to_the_deliverable_form_and_its_opt_out_names_the_mailbox(
    post_email, make_worker, smtp_server
):
    make_worker()
    response = post_email(json=True, recipient="Friend+Book@ｅｘａｍｐｌｅ.org")
    assert response.status_code == 200
    wait_for(lambda: smtp_server.received, timeout=30, what="the mail at the SMTP server")
    [(_from, rcpt_tos, message)] = smtp_server.received
    assert rcpt_tos == ["Friend+Book@example.org"]
    assert message["To"] == "Friend+Book@example.org"
    unsubscribe = message["List-Unsubscribe"].strip().strip("<>")
    token = unsubscribe.rstrip("/").rsplit("/", 1)[1]
    assert optout.read_token(token) == "friend@example.org"

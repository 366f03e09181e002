"""Key the stored addresses (mailing.addresses.key): Mail.recipient_key, OptOut.address."""

from django.db import migrations

# The live rules, on purpose: keys must match what the code computes for new rows.
from mailing.addresses import key


def fill_keys(apps, schema_editor):
    """Key every stored recipient and opt-out; merge opt-outs that name one mailbox."""
    Mail = apps.get_model("mailing", "Mail")
    OptOut = apps.get_model("mailing", "OptOut")
    last = 0
    while batch := list(
        Mail.objects.filter(pk__gt=last).order_by("pk").only("pk", "recipient")[:2000]
    ):
        for mail in batch:
            mail.recipient_key = key(mail.recipient)
        Mail.objects.bulk_update(batch, ["recipient_key"])
        last = batch[-1].pk

    kept = {}  # key -> the earliest opt-out of that mailbox
    for optout in OptOut.objects.order_by("created_at", "pk"):
        mailbox = key(optout.address)
        if mailbox in kept:
            optout.delete()
        else:
            kept[mailbox] = optout
    for mailbox, optout in kept.items():
        if optout.address != mailbox:
            optout.address = mailbox
            optout.save(update_fields=["address"])


class Migration(migrations.Migration):
    dependencies = [
        ("mailing", "0002_recipient_key"),
    ]

    operations = [
        migrations.RunPython(fill_keys, migrations.RunPython.noop, elidable=False),
    ]

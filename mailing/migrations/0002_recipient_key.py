"""Mailboxes compared by key (mailing.addresses.key): a Mail.recipient_key column."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mailing", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="mail",
            name="recipient_key",
            field=models.CharField(
                default="", editable=False, max_length=254, verbose_name="recipient key"
            ),
            preserve_default=False,
        ),
        migrations.RemoveIndex(model_name="mail", name="mail_recipient_recent"),
        migrations.AddIndex(
            model_name="mail",
            index=models.Index(
                fields=["recipient_key", "created_at"], name="mail_recipient_key_recent"
            ),
        ),
    ]

import publications.models
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mailing", "0003_fill_recipient_keys"),
        ("publications", "0007_bilingual"),
    ]

    operations = [
        migrations.AddField(
            model_name="mail",
            name="language",
            field=models.CharField(
                default=publications.models.default_language, max_length=2, verbose_name="language"
            ),
        ),
    ]

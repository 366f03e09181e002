"""manage.py load_demo: the demo content (demo/publications.json) through the importer.

Idempotent, so `make run` calls it on every start: a second run changes nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from publications.exchange import ExchangeError, import_file

from .import_publications import problems_message

DEMO_FILE = settings.BASE_DIR / "demo" / "publications.json"


class Command(BaseCommand):
    help = "Load (or refresh) the demo series, authors and articles."

    def handle(self, *args, **options):
        try:
            report = import_file(DEMO_FILE)
        except ExchangeError as error:
            raise CommandError(problems_message(DEMO_FILE, error, "imported")) from None
        if report.changed:
            self.stdout.write("Demo content loaded:")
            for line in report.lines():
                self.stdout.write(f"  {line}")
        else:
            self.stdout.write("Demo content already up to date.")

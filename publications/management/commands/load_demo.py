"""manage.py load_demo: the demo content (demo/publications.json) through the importer.

`make run` calls it on every start. It loads the demo into a site that has no
articles yet and otherwise leaves the content alone, so editors' changes and
readers' hits survive a restart; --refresh imports the demo file again (which
is idempotent: a second import changes nothing).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from publications.exchange import ExchangeError, import_file
from publications.models import Article

DEMO_FILE = settings.BASE_DIR / "demo" / "publications.json"


class Command(BaseCommand):
    help = "Load the demo series, authors and articles into a site without articles."

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="import the demo file even if the site already has articles",
        )

    def handle(self, *args, refresh=False, **options):
        if not refresh and Article.objects.exists():
            self.stdout.write("The site already has articles; demo content left as it is.")
            return
        try:
            report = import_file(DEMO_FILE)
        except ExchangeError as error:
            raise CommandError(error.report(DEMO_FILE, "imported")) from None
        if report.changed:
            self.stdout.write("Demo content loaded:")
            for line in report.lines():
                self.stdout.write(f"  {line}")
        else:
            self.stdout.write("Demo content already up to date.")

"""manage.py export_publications FILE.json [--series SLUG ...]: JSON plus files/ beside it."""

from django.core.management.base import BaseCommand, CommandError

from publications.exchange import ExchangeError, export_file


class Command(BaseCommand):
    help = "Export series, authors and articles to an exchange JSON file, attachments under files/."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the JSON file to write")
        parser.add_argument("--series", nargs="+", metavar="SLUG", help="export only these series")

    def handle(self, *args, file, series, **options):
        try:
            report = export_file(file, series=series)
        except ExchangeError as error:
            raise CommandError(error.report(file, "exported")) from None
        self.stdout.write(f"{file}: exported")
        for line in report.lines():
            self.stdout.write(f"  {line}")

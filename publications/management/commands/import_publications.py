"""manage.py import_publications FILE.json [--dry-run] (format: docs/publications-json.md)."""

from django.core.management.base import BaseCommand, CommandError

from publications.exchange import ExchangeError, import_file


class Command(BaseCommand):
    help = "Import series, authors and articles (with attachments) from an exchange JSON file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the exchange JSON file")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report changes, write nothing"
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            report = import_file(file, dry_run=dry_run)
        except ExchangeError as error:
            raise CommandError(error.report(file, "imported")) from None
        heading = "Dry run, nothing written; would import:" if dry_run else "Imported:"
        self.stdout.write(f"{file}: {heading}")
        for line in report.lines():
            self.stdout.write(f"  {line}")

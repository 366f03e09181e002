"""python manage.py export_pdf --out DIR [--series SLUG] [SLUG ...]"""

import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from publications.pdf.render import pdf_articles, pdf_filename
from publications.pdf.store import open_pdf


class Command(BaseCommand):
    help = (
        "Write articles as PDFs into a folder: every published article, those of one "
        "series, or the articles named by slug (drafts included when named)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", metavar="SLUG", help="article slugs")
        parser.add_argument("--out", required=True, help="folder to write the PDFs into")
        parser.add_argument("--series", help="only articles of this series (slug)")

    def handle(self, *args, slugs, out, series, **options):
        articles = pdf_articles().order_by("series__position", "-published_at", "-id")
        # Named articles are exported whatever their status; otherwise what readers see.
        articles = articles.filter(slug__in=slugs) if slugs else articles.published()
        if series:
            articles = articles.filter(series__slug=series)
        total = articles.count()
        if slugs and not total:
            raise CommandError("No article has any of these slugs.")
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        tty = self.stdout.isatty()
        for done, article in enumerate(articles.iterator(chunk_size=100), start=1):
            with open_pdf(article) as pdf, (folder / pdf_filename(article)).open("wb") as out:
                shutil.copyfileobj(pdf, out)
            if tty:
                self._progress(done, total)
        if tty and total:
            self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Wrote {total} PDF(s) to {folder}"))

    def _progress(self, done, total, width=30):
        filled = width * done // total
        bar = "#" * filled + "-" * (width - filled)
        self.stdout.write(f"\r[{bar}] {done}/{total}", ending="")
        self.stdout.flush()

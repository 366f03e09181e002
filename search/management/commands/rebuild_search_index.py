"""manage.py rebuild_search_index: every article's search document, rebuilt.

Attachment texts that are missing or stale are extracted on the way
(--extract extracts every attachment again). Progress goes to stderr.
"""

import sys
import time

from django.core.management.base import BaseCommand
from django.db import router

from publications.models import Article, Attachment
from search import indexing
from search.backends import backend
from search.models import SearchDocument


def progress(done, total, started, stream):
    width = 30
    filled = width * done // total if total else width
    rate = done / max(time.monotonic() - started, 1e-6)
    stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {rate:.0f}/s")
    stream.flush()


class Command(BaseCommand):
    help = "Rebuild the site search index of every article (and missing attachment texts)."

    def add_arguments(self, parser):
        parser.add_argument("--extract", action="store_true", help="re-extract every attachment")
        parser.add_argument(
            "--missing",
            action="store_true",
            help="only articles without a search document yet (a site from before search)",
        )

    def handle(self, *args, extract=False, missing=False, **options):
        using = router.db_for_write(Article)
        stream = sys.stderr if options["verbosity"] else open("/dev/null", "w")  # noqa: SIM115
        articles = Article.objects.using(using).order_by("pk")
        if missing:
            indexed = SearchDocument.objects.using(using).values("article_id")
            articles = articles.exclude(pk__in=indexed)
        ids = list(articles.values_list("pk", flat=True))
        stale = SearchDocument.objects.using(using).exclude(
            article_id__in=Article.objects.using(using).values("pk")
        )
        for article_id in stale.values_list("article_id", flat=True):
            indexing.remove_article(article_id, using)
        started, done, extracted = time.monotonic(), 0, 0
        for offset in range(0, len(ids), indexing.BATCH):
            batch = ids[offset : offset + indexing.BATCH]
            attachments = Attachment.objects.using(using).filter(article_id__in=batch)
            for attachment in attachments.select_related("search_text"):
                if extract or indexing.needs_extraction(attachment):
                    indexing.extract_attachment(attachment.pk, using, reindex=False)
                    extracted += 1
            articles = list(indexing.articles_for_indexing(using).filter(pk__in=batch))
            indexing.store_many(articles, using)
            done += len(articles)
            progress(done, len(ids), started, stream)
        backend(using).rebuilt(using)
        stream.write("\n")
        seconds = time.monotonic() - started
        self.stdout.write(
            f"Indexed {done} articles ({extracted} attachments read) in {seconds:.1f} s "
            f"with the {type(backend(using)).__name__}."
        )

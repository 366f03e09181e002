from django.conf import settings
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import (
    FileResponse,
    Http404,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django.views.generic import ListView
from taggit.models import Tag

from thinktank import editions
from thinktank.storage import signed_url

from . import hits, languages
from .access import can_preview
from .models import Article, Attachment, Author, Series
from .page_cache import fresh_values, render_page, share, shared_page
from .paging import WindowCountPaginator

HOME_ITEMS_PER_SERIES = 4


def visible_articles(request):
    """Published articles; staff who may view articles also see drafts and scheduled ones."""
    if can_preview(request.user):
        return Article.objects.all()
    return Article.objects.published()


def edition_articles():
    """Published articles of the edition being shown (the URL's language)."""
    return Article.objects.published().filter(language=languages.active())


@require_safe
@shared_page
def home(request):
    ranked = (
        edition_articles()
        .for_listing()
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("series_id")],
                order_by=[F("published_at").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=HOME_ITEMS_PER_SERIES)
    )
    by_series = {}
    for article in ranked:
        by_series.setdefault(article.series_id, []).append(article)
    all_series = list(Series.objects.all())
    sections = [(s, by_series[s.pk]) for s in all_series if s.pk in by_series]
    # The navigation lists the same series: hand it the list already fetched.
    return render(
        request, "publications/home.html", {"sections": sections, "nav_series": all_series}
    )


class ArticleListMixin:
    """A paginated list of published articles, newest first; the same for every anonymous reader."""

    paginate_by = 10
    paginator_class = WindowCountPaginator  # the total comes with the page's rows
    http_method_names = ["get", "head"]  # read-only pages: 405 for OPTIONS, TRACE, POST
    context_object_name = "articles"
    template_name = "publications/article_list.html"

    def published_articles(self):
        return edition_articles().for_listing().order_by("-published_at", "-id")

    def dispatch(self, request, *args, **kwargs):
        return share(super().dispatch(request, *args, **kwargs))


class SeriesView(ArticleListMixin, ListView):
    def get_queryset(self):
        # The navigation lists every series: one query finds this one too.
        self.all_series = list(Series.objects.all())
        found = [s for s in self.all_series if s.slug == self.kwargs["slug"]]
        if not found:
            raise Http404
        self.series = found[0]
        return self.published_articles().filter(series=self.series)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=self.series.name,
            description=self.series.description,
            series=self.series,
            nav_series=self.all_series,
            **kwargs,
        )


class TagView(ArticleListMixin, ListView):
    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return self.published_articles().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=f"#{self.tag.name}", tag=self.tag, **kwargs)


class AuthorView(ArticleListMixin, ListView):
    template_name = "publications/author_detail.html"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        # No DISTINCT needed: an author is on an article once (article_author_once).
        return self.published_articles().filter(authors=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.author.name, author=self.author, **kwargs)


@require_safe
def article(request, series, slug):
    """One article. Drafts and scheduled articles are 404 for readers and a preview for staff.

    An article lives in its own language's edition: under the other prefix
    it answers 301 there. Every view goes through hits.register_view, which
    decides whether it counts. The page anonymous readers get is rendered
    with stand-ins for its per-view values and shared (page_cache): the next
    ones get it from publications.fast_path.
    """
    found = get_object_or_404(visible_articles(request).for_page(), series__slug=series, slug=slug)
    if found.language != languages.active():
        return HttpResponsePermanentRedirect(_with_query(request, found.get_absolute_url()))
    shown_hits, seen_cookie = hits.register_view(request, found.pk, found.is_public)
    context = {
        "article": found,
        "absolute_url": found.absolute_url,
        "staff_tools": can_preview(request.user),
        **article_editions(request, found),
    }
    response = render_page(
        request,
        "publications/article_detail.html",
        context,
        fresh_values(request, shown_hits),
        shareable=found.is_public,
        article_id=found.pk,
    )
    return hits.remember(response, seen_cookie)


def article_editions(request, article):
    """The language switch and hreflang links of an article page.

    With a published translation, the switch leads to it and both pages name
    each other (hreflang ko, en, x-default); without one, to the other
    edition's home, and no hreflang is claimed.
    """
    translated = article.translation()
    other = languages.other(article.language)
    links = {article.language: article.get_absolute_url()}
    links[other] = translated.get_absolute_url() if translated else editions.home_url(other)
    return {
        "alternates": links,
        "translated_page": translated is not None,
        "translation": translated,
    }


def _with_query(request, url):
    query = request.META.get("QUERY_STRING")
    return f"{url}?{query}" if query else url


@require_safe
def download_attachment(request, pk):
    attachment = get_object_or_404(Attachment.objects.select_related("article"), pk=pk)
    article = attachment.article
    if not visible_articles(request).filter(pk=article.pk).exists():
        raise Http404
    if settings.ATTACHMENT_DOWNLOADS == "redirect":
        url = signed_url(
            attachment.file, attachment.download_name, settings.ATTACHMENT_SIGNED_URL_SECONDS
        )
        if url is not None:
            _count_download(request, attachment)
            response = HttpResponseRedirect(url)
            response["Cache-Control"] = "private, no-store"  # the signature expires
            return response
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    _count_download(request, attachment)
    return FileResponse(handle, as_attachment=True, filename=attachment.download_name)


def _count_download(request, attachment):
    if request.method == "GET" and attachment.article.is_public:
        Attachment.objects.filter(pk=attachment.pk).update(download_count=F("download_count") + 1)

"""An article or series that moves leaves its old address behind, redirected forever.

When a published article's slug or series changes, or a series' slug, the
address it had becomes a redirect to the article (series) itself, so it
follows any later move too, and covers what lay below it: the old
attachment, PDF and feed addresses. connect() hooks the saves (admin,
import, shell); the work is in article_saved/series_saved.
"""

from django.db.models.signals import post_save, pre_save
from django.urls import reverse
from django.utils import timezone, translation

from publications.models import Article, Series

from .models import Redirect
from .paths import split_language


def neutral(view, **kwargs):
    """A public address without its language prefix."""
    with translation.override(None):
        return split_language(reverse(view, kwargs=kwargs))[1]


def article_path(series_slug, slug):
    return neutral("publications:article", series=series_slug, slug=slug)


def series_path(slug):
    return neutral("publications:series", slug=slug)


def _remember_article(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    instance._address_before = (
        Article.objects.filter(pk=instance.pk)
        .values_list("series__slug", "slug", "status", "published_at")
        .first()
    )


def _remember_series(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    instance._address_before = (
        Series.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
    )


def article_saved(sender, instance, raw=False, **kwargs):
    before = getattr(instance, "_address_before", None)
    instance._address_before = None
    if raw or before is None:
        return
    series_slug, slug, status, published_at = before
    was_public = status == Article.Status.PUBLISHED and published_at <= timezone.now()
    old, new = article_path(series_slug, slug), article_path(instance.series.slug, instance.slug)
    if was_public and old != new:
        leave_behind(old, new, article=instance)


def series_saved(sender, instance, raw=False, **kwargs):
    before = getattr(instance, "_address_before", None)
    instance._address_before = None
    if raw or before is None or before == instance.slug:
        return
    leave_behind(series_path(before), series_path(instance.slug), series=instance)


def leave_behind(old, new, *, article=None, series=None):
    """Redirect `old` (and what is below it) to the article or series now at `new`."""
    Redirect.objects.update_or_create(
        old_path=old,
        defaults={
            "article": article,
            "series": series,
            "new_path": "",
            "include_subpaths": True,
            "origin": Redirect.Origin.MOVED,
        },
    )
    # The new address is live: a redirect stored for it could only be a loop.
    Redirect.objects.filter(old_path__in=[new, new.rstrip("/")]).delete()


def connect():
    pre_save.connect(_remember_article, sender=Article, dispatch_uid="redirects-article-before")
    post_save.connect(article_saved, sender=Article, dispatch_uid="redirects-article-after")
    pre_save.connect(_remember_series, sender=Series, dispatch_uid="redirects-series-before")
    post_save.connect(series_saved, sender=Series, dispatch_uid="redirects-series-after")

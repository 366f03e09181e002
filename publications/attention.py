"""What needs a publisher's attention: articles in review, scheduled ones, and problems.

A problem check is a function `check(articles)` taking a queryset of the
articles worth checking and returning `{article_id: message}` for those with
that problem. Register more with `register_check(check)`, e.g. from another
module's AppConfig.ready(); the image library adds "missing alt text" this way.
"""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Article

# Published articles stay on the problem list for this long after their date.
RECENT_DAYS = 30

_checks = []


def register_check(check):
    """Add a problem check (usable as a decorator); registering one twice keeps one."""
    if check not in _checks:
        _checks.append(check)
    return check


@register_check
def missing_summary(articles):
    return {pk: _("no summary") for pk in articles.filter(summary="").values_list("pk", flat=True)}


@register_check
def missing_attachment(articles):
    lacking = articles.filter(series__expects_attachment=True, attachments__isnull=True)
    message = _("no attachment, which its series expects")
    return {pk: message for pk in lacking.values_list("pk", flat=True)}


def in_review():
    return Article.objects.filter(status=Article.Status.REVIEW).select_related("series")


def scheduled():
    return (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
        .select_related("series")
        .order_by("published_at", "id")
    )


def worth_checking():
    """In review, scheduled, or published in the last RECENT_DAYS days."""
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    return Article.objects.filter(
        Q(status=Article.Status.REVIEW)
        | Q(status=Article.Status.PUBLISHED, published_at__gte=since)
    )


def problems():
    """[(article, [message, ...])] for every article worth checking that has a problem."""
    found = {}
    candidates = worth_checking()
    for check in _checks:
        for pk, message in check(candidates).items():
            found.setdefault(pk, []).append(message)
    articles = Article.objects.filter(pk__in=found).select_related("series")
    articles = articles.order_by("-published_at", "-id")
    return [(article, found[article.pk]) for article in articles]

import functools

from django.conf import settings

from publications import languages
from publications.models import Series
from thinktank import editions


def site(request):
    """The site's name and address, the navigation and the language switch, on every page."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_LONG_NAME": editions.site_long_name(),
        "SITE_URL": settings.SITE_URL,
        # Lazy: queried only by pages that render the navigation.
        "nav_series": Series.objects.all(),
        # This page in each edition (views that know better, the article, set
        # their own); called only by templates that use it, and worked out
        # once however many do (the language switch and the hreflang links).
        "alternates": functools.cache(lambda: editions.alternates(request)),
        # A listing or any page that exists in both editions: hreflang links.
        "translated_page": True,
        "other_language": languages.other(languages.active()),
    }

from django.conf import settings

from publications.models import Series


def site(request):
    """The site's name and address, and the series for the navigation, on every page."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_LONG_NAME": settings.SITE_LONG_NAME,
        "SITE_URL": settings.SITE_URL,
        # Lazy: queried only by pages that render the navigation.
        "nav_series": Series.objects.all(),
    }

"""Site-wide views that belong to no app."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain")


@require_safe
def accessibility(request):
    """The accessibility statement: what was tested, how, and how to report a problem."""
    return render(request, "site/accessibility.html", {"contact_email": settings.CONTACT_EMAIL})

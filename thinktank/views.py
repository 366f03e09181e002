"""Site-wide views that belong to no app."""

from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain")

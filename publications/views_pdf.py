"""The staff PDF export of one article."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_safe

from . import pdf


def staff_only(view):
    """Anonymous visitors go to the admin login (with ?next=); non-staff get 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@require_safe
@staff_only
def article_pdf(request, pk):
    """Any article (drafts included) as a PDF, served from storage once rendered."""
    article = get_object_or_404(pdf.pdf_articles(), pk=pk)
    path = pdf.ensure_pdf(article)
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=pdf.pdf_filename(article),
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response

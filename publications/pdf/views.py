"""The staff PDF export of one article."""

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from thinktank.decorators import staff_only

from .render import pdf_articles, pdf_filename
from .store import ensure_pdf


@require_safe
@staff_only
def article_pdf(request, pk):
    """Any article (drafts included) as a PDF, served from storage once rendered."""
    article = get_object_or_404(pdf_articles(), pk=pk)
    response = FileResponse(
        ensure_pdf(article).open("rb"),
        as_attachment=True,
        filename=pdf_filename(article),
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response

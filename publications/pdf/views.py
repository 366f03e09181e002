"""The staff PDF export of one article."""

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from thinktank.decorators import staff_permission_required

from ..access import PREVIEW_PERMISSION
from .render import pdf_articles, pdf_filename
from .store import open_pdf


@require_safe
@staff_permission_required(PREVIEW_PERMISSION)
def article_pdf(request, pk):
    """Any article (drafts included) as a PDF, for staff who may view articles."""
    article = get_object_or_404(pdf_articles(), pk=pk)
    response = FileResponse(
        open_pdf(article),
        as_attachment=True,
        filename=pdf_filename(article),
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response

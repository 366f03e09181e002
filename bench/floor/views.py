from django.shortcuts import get_object_or_404, render

from .models import Row
from .table import ROW_ID


def page(request):
    """One query by primary key, one 1 KB template."""
    return render(request, "floor/page.html", {"row": get_object_or_404(Row, pk=ROW_ID)})

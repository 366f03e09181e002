"""Writing redirects that forms have checked."""

from django.db import transaction

from .models import Redirect


@transaction.atomic
def import_rows(rows):
    """Store checked (line, old, new) rows; an old address already listed gets the new target.

    Returns (created, updated).
    """
    created = updated = 0
    for _line, old, new in rows:
        _redirect, was_created = Redirect.objects.update_or_create(
            old_path=old,
            defaults={
                "new_path": new,
                "article": None,
                "series": None,
                "include_subpaths": False,
                "origin": Redirect.Origin.IMPORTED,
            },
        )
        created += was_created
        updated += not was_created
    return created, updated

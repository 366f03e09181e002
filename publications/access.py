"""Who may see what readers cannot: drafts, scheduled articles, their PDFs."""

PREVIEW_PERMISSION = "publications.view_article"


def can_preview(user):
    """Staff with the model permission to view articles (superusers have every permission)."""
    return user.is_authenticated and user.is_staff and user.has_perm(PREVIEW_PERMISSION)

"""Problems an editor should fix before publishing, told in the admin."""

from django.contrib import messages
from django.utils.translation import ngettext

from .usage import images_missing_alt


def missing_alt_text(articles):
    """The publishers' attention list check: {article id: message} for images without alt text.

    Registered with publications.attention in ImagesConfig.ready.
    """
    found = {}
    for article in articles.filter(body__contains="<img").only("pk", "body"):
        count = len(images_missing_alt(article))
        if count:
            found[article.pk] = ngettext(
                "%(count)d image without alternative text",
                "%(count)d images without alternative text",
                count,
            ) % {"count": count}
    return found


def warn_missing_alt(request, article):
    """A warning on the admin page when `article` shows images without alternative text."""
    missing = images_missing_alt(article)
    if missing:
        messages.warning(
            request,
            ngettext(
                "%(count)d image has no alternative text: describe it before publishing "
                "(double-click it in the editor, Alternative Text).",
                "%(count)d images have no alternative text: describe them before publishing "
                "(double-click each in the editor, Alternative Text).",
                len(missing),
            )
            % {"count": len(missing)},
        )
    return missing

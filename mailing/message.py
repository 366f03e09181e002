"""The email itself: built on the server from the row and the article, never from input links."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from thinktank.editions import site_long_name

from .optout import optout_url


def quote(text):
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())


def build_message(mail):
    """An EmailMultiAlternatives for `mail` (article with series and authors loaded).

    Written in the language of the page it was sent from (mail.language):
    words, names, the subject's prefix and the opt-out page.
    """
    with translation.override(mail.language):
        return _build_message(mail)


def _build_message(mail):
    article = mail.article
    unsubscribe = optout_url(mail.recipient)
    context = {
        "mail": mail,
        "article": article,
        "authors": article.ordered_authors(),
        "article_url": settings.SITE_URL + article.get_absolute_url(),
        "site_name": settings.SITE_NAME,
        "site_long_name": site_long_name(),
        "site_url": settings.SITE_URL,
        "quoted_message": quote(mail.message),
        "unsubscribe_url": unsubscribe,
    }
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    message = EmailMultiAlternatives(
        # "[IFANS] 공유: <title>": the prefix says who carries it, in the reader's language.
        subject=_("[%(site)s] Shared: %(title)s")
        % {"site": settings.SITE_NAME, "title": mail.title},
        body=render_to_string("mailing/email.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.recipient],
        headers={
            # Stable per row, so a receiving server can spot a duplicate.
            "Message-ID": f"<mailing-{mail.pk}-{mail.created_at:%Y%m%d%H%M%S}@{domain}>",
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string("mailing/email.html", context), "text/html")
    return message

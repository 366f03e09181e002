"""The email itself: built on the server from the row and the article, never from input links."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from .optout import optout_url


def quote(text):
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())


def build_message(mail):
    """An EmailMultiAlternatives for `mail` (article with series and authors loaded)."""
    article = mail.article
    unsubscribe = optout_url(mail.recipient)
    context = {
        "mail": mail,
        "article": article,
        "authors": article.ordered_authors(),
        "article_url": settings.SITE_URL + article.get_absolute_url(),
        "site_name": settings.SITE_NAME,
        "site_long_name": settings.SITE_LONG_NAME,
        "site_url": settings.SITE_URL,
        "quoted_message": quote(mail.message),
        "unsubscribe_url": unsubscribe,
    }
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    message = EmailMultiAlternatives(
        subject=mail.title,
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

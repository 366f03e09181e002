from django import template

from ..forms import SendEmailForm

register = template.Library()


@register.inclusion_tag("mailing/includes/dialog.html", takes_context=True)
def send_email_dialog(context, article):
    """The "Send Email" button and its dialog, with the form prefilled for `article`."""
    return {
        "form": SendEmailForm.for_article(
            article, started=context.get("mail_started"), auto_id="mail_%s"
        ),
        "article": article,
        "absolute_url": article.absolute_url,
        "csrf_token": context.get("csrf_token"),
    }

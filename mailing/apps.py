from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingConfig(AppConfig):
    name = "mailing"
    verbose_name = _("Mailing")

    def ready(self):
        # Imported here: forms imports publications' models (Django's rule for ready()).
        from django.conf import settings

        from publications.page_cache import per_view_value

        from .forms import sign_started

        # A cached article page carries the mail form; its start time is per view.
        per_view_value(
            "mail_started",
            lambda request: sign_started(),
            lasts=settings.MAILING_FORM_MAX_AGE_SECONDS,
        )

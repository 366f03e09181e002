from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RedirectsConfig(AppConfig):
    name = "redirects"
    verbose_name = _("Redirects")

    def ready(self):
        # Imported here: the receivers import publications' models.
        from . import moves

        moves.connect()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    name = "images"
    verbose_name = _("Images")

    def ready(self):
        # Imported here: they import publications' models (Django's rule for ready()).
        from publications.attention import register_check

        from .checks import missing_alt_text

        register_check(missing_alt_text)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = _("Publications")

    def ready(self):
        # Imported here, not at the top: they import models, which are loaded
        # only once the app registry is (Django's rule for ready()).
        from . import hits, page_cache, revisions, tags, writes
        from .pdf import background
        from .share_card import background as share_cards
        from .signals import articles_changed

        writes.connect()
        tags.connect()
        revisions.register()
        articles_changed.connect(page_cache.bump_generation, dispatch_uid="page-cache")
        articles_changed.connect(hits.forget_stored, dispatch_uid="hits-mirror")
        articles_changed.connect(background.warm_changed_articles, dispatch_uid="pdf-warming")
        articles_changed.connect(share_cards.warm_changed_articles, dispatch_uid="share-cards")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = _("Publications")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from taggit.models import TaggedItem

        from .models import Article, ArticleAuthor, Attachment, Author, Series
        from .page_cache import bump_generation

        # Cache invalidation only: any write to published content makes the
        # cached article pages (publications/page_cache.py) stale.
        for model in (Series, Author, Article, ArticleAuthor, Attachment, TaggedItem):
            post_save.connect(bump_generation, sender=model, dispatch_uid=f"parts-save-{model}")
            post_delete.connect(bump_generation, sender=model, dispatch_uid=f"parts-del-{model}")
        m2m_changed.connect(bump_generation, sender=Article.tags.through, dispatch_uid="parts-tags")

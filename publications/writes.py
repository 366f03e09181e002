"""Model writes mapped to the articles they change, for signals.articles_written.

connect() (called from PublicationsConfig.ready) hooks the saves and deletes
of every model an article page or PDF shows, and the m2m changes of tags and
authors. Queryset updates and deletes of articles announce themselves
(ArticleQuerySet.update()/delete()).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save
from taggit.models import Tag, TaggedItem

from .models import Article, ArticleAuthor, Attachment, Author, Series
from .signals import articles_written


def _article_ids(instance, using):
    """Ids of the articles whose page, PDF or search document shows `instance`."""
    articles = Article.objects.using(using)
    if isinstance(instance, Article):
        return [instance.pk]
    if isinstance(instance, ArticleAuthor | Attachment):
        return [instance.article_id]
    if isinstance(instance, Series):
        return articles.filter(series_id=instance.pk).values_list("pk", flat=True)
    if isinstance(instance, Author):
        return articles.filter(authors=instance.pk).values_list("pk", flat=True)
    if isinstance(instance, Tag):
        return articles.filter(tags=instance.pk).values_list("pk", flat=True)
    if isinstance(instance, TaggedItem):
        content_types = ContentType.objects.db_manager(using)
        tagged = content_types.get_for_id(instance.content_type_id).model_class()
        return [instance.object_id] if tagged is Article else []
    return []


def _on_write(sender, instance, using, **kwargs):
    if kwargs.get("raw"):  # loaddata: fixtures, not edits
        return
    articles_written(_article_ids(instance, using), using=using)


def _on_m2m(sender, instance, action, reverse, pk_set, using, **kwargs):
    if reverse and action == "pre_clear":  # from an author or tag: the articles it has now
        articles_written(_article_ids(instance, using), using=using)
    elif action in ("post_add", "post_remove"):
        articles_written(pk_set if reverse else [instance.pk], using=using)
    elif action == "post_clear" and not reverse:
        articles_written([instance.pk], using=using)


def connect():
    for model in (Series, Author, Article, ArticleAuthor, Attachment, Tag, TaggedItem):
        post_save.connect(_on_write, sender=model, dispatch_uid=f"articles-save-{model.__name__}")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"articles-del-{model.__name__}")
    for through in (Article.tags.through, Article.authors.through):
        uid = f"articles-m2m-{through.__name__}"
        m2m_changed.connect(_on_m2m, sender=through, dispatch_uid=uid)

"""Every tag gets a usable slug, however it is created (admin, importer, shell).

django-taggit slugifies a tag's name on its first save; a name with no letter
or digit ("🇰🇷", "#", "!!!") slugifies to "", and a tag page with an empty
slug cannot be reversed: every article page showing the tag would fail.
"""

from django.db.models.signals import pre_save
from taggit.models import Tag

from .validators import has_usable_slug, tag_slug


def give_usable_slug(sender, instance, **kwargs):
    """Before a tag is written: replace an empty (or unroutable) slug with tag_slug(name)."""
    if not has_usable_slug(instance.slug):
        instance.slug = tag_slug(instance.name)


def connect():
    pre_save.connect(give_usable_slug, sender=Tag, dispatch_uid="publications-tag-slug")

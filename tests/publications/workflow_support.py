"""Users in each role, and posting the article change form by hand, for the workflow tests."""

import datetime
import importlib

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from tests.publications.admin_forms import article_form

CHANGE_URL = "/admin/publications/article/{}/change/"
LIST_URL = "/admin/publications/article/"


def ensure_role_groups():
    """The Editors and Publishers groups, with the permissions their migrations give them.

    A transactional test empties every table, groups included (permissions
    come back with the flush's post_migrate), for the tests after it.
    """
    editors_migration = importlib.import_module("publications.migrations.0002_editors_group")
    workflow_migration = importlib.import_module("publications.migrations.0009_workflow")
    models = editors_migration.EDITOR_MODELS
    editor_codenames = [
        f"{action}_{model}"
        for names in models.values()
        for model in names
        for action in editors_migration.ACTIONS
    ] + ["delete_articleauthor", "delete_attachment", "view_statechange"]
    editors, _ = Group.objects.get_or_create(name="Editors")
    if not editors.permissions.exists():
        editors.permissions.set(
            Permission.objects.filter(
                content_type__app_label__in=models, codename__in=editor_codenames
            )
        )
    publishers, _ = Group.objects.get_or_create(name="Publishers")
    if not publishers.permissions.exists():
        extra = Permission.objects.filter(
            content_type__app_label="publications",
            codename__in=workflow_migration.PUBLISHER_EXTRA,
        )
        publishers.permissions.set([*editors.permissions.all(), *extra])
    images_migration = importlib.import_module("images.migrations.0002_editors_use_images")
    image_permissions = Permission.objects.filter(
        content_type__app_label="images", codename__in=images_migration.CODENAMES
    )
    for group in (editors, publishers):
        group.permissions.add(*image_permissions)


def make_user(django_user_model, name, group):
    ensure_role_groups()
    user = django_user_model.objects.create_user(name, password=f"pw-{name}-123", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def local_date_fields(moment):
    """The admin's split date/time inputs for `moment`, in the site's time zone."""
    local = timezone.localtime(moment)
    return {"published_at_0": f"{local:%Y-%m-%d}", "published_at_1": f"{local:%H:%M:%S}"}


def past():
    return local_date_fields(timezone.now() - datetime.timedelta(days=2))


def future():
    return local_date_fields(timezone.now() + datetime.timedelta(days=30))


def change_form(article, **fields):
    """The change form of `article` as posted by a browser (or by hand), with `fields` changed."""
    data = article_form(
        article.series,
        language=article.language,
        title=article.title,
        slug=article.slug,
        summary=article.summary,
        body=article.body,
        status=article.status,
        **local_date_fields(article.published_at),
    )
    return data | fields


def post_change(client, article, **fields):
    return client.post(CHANGE_URL.format(article.pk), change_form(article, **fields))

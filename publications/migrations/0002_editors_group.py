"""The "Editors" group: may add and change publications, may not manage users."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_MODELS = {
    "publications": ["article", "articleauthor", "attachment", "author", "series"],
    "taggit": ["tag", "taggeditem"],
}
ACTIONS = ["add", "change", "view"]


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations have run; make
    # sure they exist now so the group can be given them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    codenames = [
        f"{action}_{model}" for models in EDITOR_MODELS.values() for model in models for action in ACTIONS
    ] + ["delete_articleauthor", "delete_attachment"]
    permissions = Permission.objects.filter(
        content_type__app_label__in=EDITOR_MODELS, codename__in=codenames
    )
    group.permissions.set(permissions)


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]

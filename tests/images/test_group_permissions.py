"""The groups that write articles may put images in them (the migrations give them the right)."""

import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("group", ["Editors", "Publishers"])
def test_writing_groups_may_upload_images(group):
    codenames = set(
        Group.objects.get(name=group)
        .permissions.filter(content_type__app_label="images")
        .values_list("codename", flat=True)
    )
    assert {"add_image", "change_image", "view_image"} <= codenames
    assert "delete_image" not in codenames

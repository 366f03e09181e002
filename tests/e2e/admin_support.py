"""Driving the admin in a real browser: signing in, writing an article, the workflow buttons.

Kept small and reusable: the image tests add uploading through the editor
on top of these steps.
"""

from django.contrib.auth.models import Group

from tests.publications.workflow_support import ensure_role_groups

PASSWORD = "pw-for-the-browser-1"


def make_staff(django_user_model, username, group):
    ensure_role_groups()
    user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def sign_in(page, live_server, username):
    """Sign in to the admin as `username` (any earlier session is dropped first)."""
    page.context.clear_cookies()
    page.goto(live_server.url + "/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")


def start_article(page, live_server, series, title):
    """Open the add form and fill in what every article needs (series, title, a summary)."""
    page.goto(live_server.url + "/admin/publications/article/add/")
    page.select_option("#id_series", str(series.pk))
    page.select_option("#id_language", "en")
    page.fill("#id_title", title)
    page.fill("#id_summary", "A short summary.")


def write_body(page, html):
    """Put `html` into the rich-text editor, once it is ready."""
    page.wait_for_function(
        "() => window.CKEDITOR && CKEDITOR.instances.id_body?.status === 'ready'"
    )
    page.evaluate("html => CKEDITOR.instances.id_body.setData(html)", html)


def press(page, button_text):
    """Click a workflow button ("Submit for review", "Publish or schedule"), await the save."""
    with page.expect_navigation():
        page.get_by_role("button", name=button_text).click()

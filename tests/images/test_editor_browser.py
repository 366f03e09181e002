"""In a real browser: an editor uploads an image from CKEditor's Image dialog, with alt text."""

import pytest

from images.models import Image
from publications.models import Article
from tests.factories import ArticleFactory
from tests.images import samples

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor_page(browser_page, live_server, django_user_model):
    django_user_model.objects.create_user(
        "editor", password="pw-editor-123", is_staff=True, is_superuser=True
    )
    page = browser_page
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw-editor-123")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    return page


def test_an_image_uploaded_in_the_dialog_needs_alt_text_and_lands_in_the_body(
    editor_page, live_server, tmp_path
):
    page = editor_page
    article = ArticleFactory(body="<p>Before the image.</p>", status=Article.Status.DRAFT)
    page.goto(f"{live_server.url}/admin/publications/article/{article.pk}/change/")
    page.wait_for_selector(".cke_button__image")
    page.click(".cke_button__image")
    dialog = page.locator(".cke_dialog")
    dialog.wait_for()
    dialog.locator("a.cke_dialog_tab[title='Upload']").click()
    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(samples.jpeg_with_gps())
    frame = page.frame_locator(".cke_dialog iframe.cke_dialog_ui_input_file")
    frame.locator("input[type=file]").set_input_files(str(photo))
    dialog.locator("a.cke_dialog_ui_fileButton").click()

    # The upload answered with the image's address: the dialog shows it.
    page.wait_for_function(
        "() => [...document.querySelectorAll('.cke_dialog input')]"
        ".some(i => i.value.startsWith('/media/images/'))"
    )
    image = Image.objects.get()
    with image.file.open("rb") as stored:
        assert samples.gps_of(stored.read()) == {}

    alerts = []
    page.on("dialog", lambda d: (alerts.append(d.message), d.accept()))
    dialog.locator("a.cke_dialog_ui_button_ok").click()
    assert alerts and "alternative text" in alerts[0]
    assert dialog.is_visible()  # not closed without alt text

    alt = dialog.locator("label:has-text('Alternative Text')")
    page.fill(f"#{alt.get_attribute('for')}", "Two leaders at the table")
    dialog.locator("a.cke_dialog_ui_button_ok").click()
    dialog.wait_for(state="hidden")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    article.refresh_from_db()
    assert f'src="{image.url}"' in article.body
    assert 'alt="Two leaders at the table"' in article.body

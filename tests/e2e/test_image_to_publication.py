"""The whole desk in a real browser: an editor uploads an image through the editor, gives it
alt text, submits the article for review, and a publisher publishes it; a reader sees it."""

import pytest

from images.models import Image
from publications.models import Article
from tests.e2e.admin_support import make_staff, press, sign_in, start_article, write_body
from tests.factories import SeriesFactory
from tests.images import samples

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def upload_image_with_alt(page, path, alt_text):
    """Through CKEditor's Image dialog: upload `path`, then give its alternative text."""
    page.click(".cke_button__image")
    dialog = page.locator(".cke_dialog")
    dialog.wait_for()
    dialog.locator("a.cke_dialog_tab[title='Upload']").click()
    frame = page.frame_locator(".cke_dialog iframe.cke_dialog_ui_input_file")
    frame.locator("input[type=file]").set_input_files(str(path))
    dialog.locator("a.cke_dialog_ui_fileButton").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.cke_dialog input')]"
        ".some(i => i.value.startsWith('/media/images/'))"
    )
    alt = dialog.locator("label:has-text('Alternative Text')")
    page.fill(f"#{alt.get_attribute('for')}", alt_text)
    dialog.locator("a.cke_dialog_ui_button_ok").click()
    dialog.wait_for(state="hidden")


def test_an_editor_adds_an_image_submits_and_a_publisher_publishes(
    browser_page, live_server, django_user_model, tmp_path
):
    page = browser_page
    series = SeriesFactory(name="IFANS Focus", slug="ifans-focus")
    writer = make_staff(django_user_model, "writer", "Editors")
    make_staff(django_user_model, "chief", "Publishers")

    sign_in(page, live_server, "writer")
    start_article(page, live_server, series, "Ports of the Arctic")
    write_body(page, "<p>Ice is retreating.</p>")
    photo = tmp_path / "IMG_0042.jpg"
    photo.write_bytes(samples.jpeg_with_gps())
    upload_image_with_alt(page, photo, "A cargo ship in sea ice")
    press(page, "Submit for review")

    article = Article.objects.get(title="Ports of the Arctic")
    image = Image.objects.get()
    assert article.status == "review" and not article.is_public
    assert f'src="{image.url}"' in article.body
    assert 'alt="A cargo ship in sea ice"' in article.body
    assert image.uploaded_by == writer
    with image.file.open("rb") as stored:
        assert samples.gps_of(stored.read()) == {}  # the location never reaches the site

    sign_in(page, live_server, "chief")
    page.goto(live_server.url + "/admin/publications/article/attention/")
    page.locator("#in-review").get_by_role("link", name="Ports of the Arctic").click()
    press(page, "Publish or schedule")
    article.refresh_from_db()
    assert article.status == "published" and article.is_public

    page.context.clear_cookies()  # a reader
    page.goto(live_server.url + article.get_absolute_url())
    figure = page.locator(".article-body img")
    assert figure.get_attribute("alt") == "A cargo ship in sea ice"
    assert figure.get_attribute("src").startswith("/media/images/")

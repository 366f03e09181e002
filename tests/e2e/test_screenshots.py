"""Screenshots for a reviewer: home, the article in English and Korean, the mail dialog,
at 1280 and 390 CSS pixels. `make screenshots` writes them to var/screenshots/
(SCREENSHOTS_DIR); in the test suite they go to a temporary folder."""

import os
import struct
from pathlib import Path

import pytest

from tests.e2e import reading

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": 1280, "phone": 390}
SHOTS = {
    "home": "home-en",
    "home-ko": "home-ko",
    "article-en": "article-en",
    "article-ko": "article-ko",
    "dialog": "dialog-open",
}


def _png_size(path):
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", header[16:24])


@pytest.mark.parametrize("device", list(WIDTHS))
def test_screenshots_of_home_articles_and_dialog(chromium, live_server, site, tmp_path, device):
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    width = WIDTHS[device]
    options = {"viewport": {"width": width, "height": 900}, "device_scale_factor": 1}
    if device == "phone":
        options.update(is_mobile=True, has_touch=True, viewport={"width": width, "height": 844})
    page = chromium(**options)
    for name, state in SHOTS.items():
        reading.open_state(page, live_server, site, state)
        page.evaluate("document.fonts.ready")
        path = folder / f"{name}-{width}.png"
        page.screenshot(path=str(path), full_page=not name.startswith("dialog"))
        shot_width, shot_height = _png_size(path)
        assert shot_width == width and shot_height >= 600, (name, shot_width, shot_height)

"""The body sanitiser keeps our own images with their alt text and srcset, nothing foreign."""

import pytest

from publications.sanitize import sanitize_html

OWN = "/media/images/2026/11/abc.jpg"


def test_an_own_image_keeps_its_address_alt_text_and_size():
    html = f'<p><img src="{OWN}" alt="Leaders at the table" width="800" height="450"></p>'
    assert sanitize_html(html) == html


def test_an_own_srcset_and_sizes_are_kept_in_a_picture():
    html = (
        '<picture><source type="image/webp" srcset="/media/images/renditions/a-480w.webp 480w, '
        '/media/images/renditions/a-960w.webp 960w" sizes="(max-width: 960px) 100vw, 960px">'
        f'<img src="{OWN}" srcset="/media/images/renditions/a-480w.jpg 480w, {OWN} 960w" '
        'sizes="(max-width: 960px) 100vw, 960px" alt="Chart" loading="lazy" decoding="async">'
        "</picture>"
    )
    assert sanitize_html(html) == html


def test_an_absolute_address_on_our_own_site_is_kept(settings):
    html = f'<img src="{settings.SITE_URL}{OWN}" srcset="{settings.SITE_URL}{OWN} 2x" alt="a">'
    assert sanitize_html(html) == html


@pytest.mark.parametrize(
    "srcset",
    [
        "https://evil.example/x.jpg 480w",
        f"{OWN} 480w, https://evil.example/x.jpg 960w",
        f"{OWN} 480w, //evil.example/x.jpg 960w",
        "/media/images/../private/pdf/1.pdf 1x",
        "/media/attachments/2026/11/report.pdf 480w",
        f"{OWN} javascript:alert(1)",
        "data:image/png;base64,AAAA 1x",
    ],
)
def test_a_srcset_naming_anything_but_our_images_is_dropped(srcset):
    cleaned = sanitize_html(f'<img src="{OWN}" srcset="{srcset}" alt="a">')
    assert cleaned == f'<img src="{OWN}" alt="a">'


def test_a_foreign_image_loses_its_address_and_a_source_its_bad_type():
    cleaned = sanitize_html(
        '<img src="https://evil.example/track.gif" alt="x">'
        '<picture><source type="text/html" srcset="/media/images/a.webp 1x"></picture>'
    )
    assert "evil.example" not in cleaned
    assert 'type="text/html"' not in cleaned
    assert 'srcset="/media/images/a.webp 1x"' in cleaned


def test_sizes_and_keywords_take_only_their_own_values():
    cleaned = sanitize_html(
        f'<img src="{OWN}" alt="a" sizes="url(https://evil.example/) 1px" loading="now" '
        'decoding="async" onerror="alert(1)">'
    )
    assert cleaned == f'<img src="{OWN}" alt="a" decoding="async">'

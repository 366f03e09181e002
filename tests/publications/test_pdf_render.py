"""What a PDF holds, and that rendering never leaves the machine."""

import datetime
import io

import pytest
from pypdf import PdfReader

from publications.models import Article
from publications.pdf import render as renderer
from tests.factories import ArticleFactory, AuthorFactory, SeriesFactory
from tests.publications import pdf_helpers
from tests.publications.pdf_helpers import PNG, pdf_fonts, pdf_image_count, pdf_text

pytestmark = pytest.mark.django_db
# 08:00 on 27 July in Seoul is 23:00 on 26 July in UTC: only the local date is right.
SEOUL_MORNING = datetime.datetime(2021, 7, 26, 23, 0, tzinfo=datetime.UTC)
recording_server = pdf_helpers.recording_server

KOREAN_BODY = (
    "<h2>한미 관계의 미래</h2><p>한반도 평화 프로세스는 새로운 국면에 접어들었다.</p>"
    "<table><tr><th>Year</th><th>Summit</th></tr><tr><td>2021</td><td>Geneva</td></tr></table>"
)


@pytest.fixture
def korean_article(series, author):
    return ArticleFactory(
        series=series,
        title="An Analysis of the Biden-Putin Summit",
        slug="an-analysis-of-the-biden-putin-summit",
        summary="The first summit of the two presidents.",
        body="<p>The summit in Geneva lasted three hours.</p>" + KOREAN_BODY,
        published_at=SEOUL_MORNING,
        authors=[author, AuthorFactory(name="김민수", title="연구위원")],
        tags=["USRussiaRelations"],
    )


def render(article):
    return renderer.render_pdf(renderer.pdf_articles().get(pk=article.pk))


@pytest.mark.clocks
def test_pdf_carries_title_authors_date_body_tags_and_korean_text(korean_article):
    text = pdf_text(render(korean_article))
    for expected in [
        "Korea National Diplomatic Academy",
        "IFANS Focus",
        "An Analysis of the Biden-Putin Summit",
        "LEE TaeRim",
        "Professor",
        "김민수",
        "연구위원",
        "2021-07-27",
        "The first summit of the two presidents.",
        "The summit in Geneva lasted three hours.",
        "한반도 평화 프로세스는",
        "Geneva",
        "#USRussiaRelations",
        "http://testserver/en/publications/ifans-focus/an-analysis-of-the-biden-putin-summit/",
        "Page 1 of 1",
    ]:
        assert expected in text


def test_pages_are_a4_with_page_x_of_y_footers(korean_article):
    Article.objects.filter(pk=korean_article.pk).update(
        body="".join(f"<p>Paragraph {n} of a long article.</p>" for n in range(150))
    )
    data = render(korean_article)
    text = pdf_text(data)
    reader = PdfReader(io.BytesIO(data))
    pages = len(reader.pages)
    assert pages > 2
    assert f"Page 2 of {pages}" in text
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)


def test_every_font_is_embedded_and_korean_uses_nanum(korean_article):
    fonts = pdf_fonts(render(korean_article))
    assert fonts
    assert any("Nanum" in name for name, _ in fonts)
    for name, descriptor in fonts:
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys()), name


def test_body_is_sanitised_on_output_even_when_stored_around_save(article):
    Article.objects.filter(pk=article.pk).update(
        body='<p>Kept text.</p><script>document.write("INJECTED")</script>'
        '<p onclick="alert(1)">Clicked</p><iframe src="http://evil.example/"></iframe>'
    )
    article = renderer.pdf_articles().get(pk=article.pk)
    html = renderer.render_html(article)
    assert "<script" not in html and "INJECTED" not in html
    assert "onclick" not in html and "<iframe" not in html
    text = pdf_text(renderer.render_pdf(article))
    assert "Kept text." in text and "Clicked" in text
    assert "INJECTED" not in text and "document.write" not in text


def test_outside_urls_are_never_fetched(recording_server):
    outside = recording_server.url
    html = f"""<html><head>
      <link rel="stylesheet" href="{outside}/sheet.css">
      <style>@import url("{outside}/import.css");
        body {{ background: url("{outside}/background.png"); }}
        @font-face {{ font-family: X; src: url("{outside}/font.ttf"); }}</style>
    </head><body><p>Hello</p><img src="{outside}/tracker.png">
      <img src="//127.0.0.1:{outside.rsplit(":", 1)[1]}/relative-scheme.png"></body></html>"""
    data = renderer.html_to_pdf(html)
    assert data.startswith(b"%PDF")
    assert recording_server.requests == []


def test_body_stored_with_an_outside_image_fetches_nothing(article, recording_server):
    Article.objects.filter(pk=article.pk).update(
        body=f'<p>Body.</p><img src="{recording_server.url}/tracker.png">'
    )
    render(article)
    assert recording_server.requests == []


def test_own_media_images_are_read_from_disk_even_by_absolute_site_url(
    settings, article, recording_server
):
    # The site's own absolute URL points at the recording server: the image
    # must still come from MEDIA_ROOT, not over HTTP.
    settings.SITE_URL = recording_server.url
    (settings.MEDIA_ROOT / "images").mkdir(parents=True)
    (settings.MEDIA_ROOT / "images" / "chart.png").write_bytes(PNG)
    (settings.MEDIA_ROOT / "images" / "map.png").write_bytes(PNG)
    article.body = (
        f'<p>Chart:</p><img src="{recording_server.url}/media/images/chart.png">'
        '<img src="/media/images/map.png">'
    )
    article.save()
    data = render(article)
    assert pdf_image_count(data) == 2
    assert recording_server.requests == []


def test_our_file_maps_static_and_media_and_refuses_the_rest(settings, tmp_path):
    (settings.MEDIA_ROOT / "images").mkdir(parents=True)
    (settings.MEDIA_ROOT / "images" / "dot.png").write_bytes(PNG)
    (settings.MEDIA_ROOT / "notes.txt").write_text("not an image")
    (tmp_path / "secret.png").write_bytes(PNG)

    assert renderer.our_file("/media/images/dot.png") == (PNG, "image/png")
    assert renderer.our_file("http://testserver/media/images/dot.png") == (PNG, "image/png")
    css, mime = renderer.our_file("/static/css/print.css")
    assert mime == "text/css" and b"@page" in css
    for refused in [
        "/media/../secret.png",
        "/media/%2e%2e/secret.png",
        "/media/images/../../secret.png",
        "/media/notes.txt",
        "/static/../thinktank/settings.py",
        "/static/%2e%2e/%2e%2e/thinktank/settings.py",
        "http://evil.example/media/images/dot.png",
        "https://testserver/media/images/dot.png",
        "file:///etc/passwd",
        "data:image/png;base64,AAAA",
        "/etc/passwd",
    ]:
        assert renderer.our_file(refused) is None, refused


def test_fetcher_refuses_what_it_cannot_map():
    with pytest.raises(ValueError):
        renderer.LocalFetcher().fetch("http://example.org/x.png")


@pytest.mark.clocks
def test_file_name_is_series_date_slug_and_keeps_korean(db):
    series = SeriesFactory(name="외교안보연구", slug="외교안보연구")
    article = ArticleFactory(
        series=series,
        title="한미 관계",
        slug="한미-관계",
        published_at=SEOUL_MORNING,
    )
    assert renderer.pdf_filename(article) == "외교안보연구_2021-07-27_한미-관계.pdf"


def test_version_changes_with_everything_the_pdf_shows(article, author):
    def version():
        return renderer.pdf_version(renderer.pdf_articles().get(pk=article.pk))

    seen = {version()}
    Article.objects.filter(pk=article.pk).update(summary="Changed")  # no updated_at bump
    seen.add(version())
    author.title = "Senior Fellow"
    author.save()
    seen.add(version())
    article.tags.add("NewTag")
    seen.add(version())
    article.series.name = "IFANS Brief"
    article.series.save()
    seen.add(version())
    assert len(seen) == 5

"""Hostile HTML in a body never survives: not through save(), not to the page."""

import pytest

from publications.sanitize import sanitize_html
from tests.factories import ArticleFactory

HOSTILE = [
    ("<script>alert(1)</script><p>ok</p>", "<script"),
    ('<img src="/media/images/a.png" onerror="alert(1)">', "onerror"),
    ('<a href="javascript:alert(1)">x</a>', "javascript:"),
    ('<a href="JaVaScRiPt&colon;alert(1)">x</a>', "alert"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data:"),
    ('<iframe src="https://evil.example/"></iframe>', "<iframe"),
    ('<p style="background:url(javascript:alert(1))">x</p>', "style="),
    ("<style>p{color:red}</style>", "<style"),
    ('<svg onload="alert(1)"><circle/></svg>', "onload"),
    ('<object data="x.swf"></object><embed src="x.swf">', "<object"),
    ('<form action="https://evil.example"><input name="q"></form>', "<form"),
    ('<img src="https://tracker.example/pixel.gif">', "tracker.example"),
    ('<img src="/static/../../etc/passwd">', "passwd"),
    ('<img src="/media/images/../../admin/logout/">', "logout"),
    ('<img src="/media/%2e%2e/admin/logout/">', "logout"),
    ('<img src="/media/images/%2E%2E/%2E%2E/admin/">', "admin"),
    ('<img src="/media/attachments/2026/11/x.pdf">', "attachments"),
    ('<img src="//evil.example/media/images/a.png">', "evil.example"),
    ('<p onclick="steal()">x</p>', "onclick"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example">', "<meta"),
    ("<!-- <script>alert(1)</script> -->", "alert"),
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "onerror"),
]


@pytest.mark.parametrize(("html", "forbidden"), HOSTILE)
def test_hostile_markup_is_removed(html, forbidden):
    assert forbidden.lower() not in sanitize_html(html).lower()


def test_editorial_markup_is_kept():
    html = (
        "<h2>Heading</h2><p><strong>b</strong> <em>i</em> "
        '<a href="https://www.ifans.go.kr/">link</a> <a href="mailto:a@b.kr">mail</a></p>'
        "<ul><li>one</li></ul><ol><li>two</li></ol><blockquote>quote</blockquote>"
        "<table><thead><tr><th>h</th></tr></thead>"
        '<tbody><tr><td colspan="2">d</td></tr></tbody></table>'
        '<img src="/media/images/chart.png" alt="Chart">'
    )
    clean = sanitize_html(html)
    for kept in [
        "<h2>Heading</h2>",
        "<strong>b</strong>",
        "<em>i</em>",
        'href="https://www.ifans.go.kr/"',
        'href="mailto:a@b.kr"',
        "<li>one</li>",
        "<blockquote>quote</blockquote>",
        "<th>h</th>",
        'colspan="2"',
        'src="/media/images/chart.png"',
        'alt="Chart"',
    ]:
        assert kept in clean


def test_links_get_a_safe_rel():
    assert 'rel="noopener noreferrer nofollow"' in sanitize_html('<a href="https://x.org">x</a>')


def test_images_from_our_site_url_are_kept(settings):
    settings.SITE_URL = "https://www.example.org"
    assert "src=" in sanitize_html('<img src="https://www.example.org/media/images/a.png">')
    assert "src=" not in sanitize_html('<img src="https://other.example.org/media/images/a.png">')


def test_save_stores_only_sanitised_html(series):
    article = ArticleFactory(series=series, body='<p onclick="x()">Hi<script>alert(1)</script></p>')
    article.refresh_from_db()
    assert article.body == "<p>Hi</p>"


def test_page_renders_no_executable_markup(client, series):
    article = ArticleFactory(
        series=series, body='<p>Safe</p><img src=x onerror=alert(1)><a href="javascript:x">y</a>'
    )
    page = client.get(article.get_absolute_url(), HTTP_USER_AGENT="Mozilla/5.0").content.decode()
    body = page.split('class="article-body">', 1)[1].split("</div>", 1)[0]
    assert "<p>Safe</p>" in body
    assert "onerror" not in body
    assert "javascript:" not in body


def test_a_body_written_around_save_is_still_sanitised_on_the_page(client, series):
    from publications.models import Article

    article = ArticleFactory(series=series)
    Article.objects.filter(pk=article.pk).update(body="<p>Hi</p><script>alert(1)</script>")
    page = client.get(article.get_absolute_url(), HTTP_USER_AGENT="Mozilla/5.0").content.decode()
    assert "<p>Hi</p>" in page
    assert "alert(1)" not in page

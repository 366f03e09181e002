"""The article page reproduces every element of the reference page."""

import datetime
import re
from html import unescape

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, AttachmentFactory, AuthorFactory

pytestmark = pytest.mark.clocks  # the page shows a date; scheduled articles wait for theirs

READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"}


@pytest.fixture
def page(client, article):
    AttachmentFactory(article=article)
    response = client.get(article.get_absolute_url(), **READER)
    assert response.status_code == 200
    return response.content.decode()


def test_title_is_the_h1(page):
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", page) == ["An Analysis of the Biden-Putin Summit"]


def test_skip_link_points_at_the_main_content(page):
    assert 'class="skip-link" href="#content"' in page
    assert '<main id="content"' in page


def test_series_name_links_to_the_series_list(page, series):
    assert f'<a href="{series.get_absolute_url()}">IFANS Focus</a>' in page


def test_authors_link_to_their_pages_in_byline_order(client, series):
    first, second = AuthorFactory(name="KIM Second"), AuthorFactory(name="AHN First")
    article = ArticleFactory(series=series, authors=[first, second])
    page = client.get(article.get_absolute_url(), **READER).content.decode()
    assert page.index(first.get_absolute_url()) < page.index(second.get_absolute_url())
    assert f'<a href="{first.get_absolute_url()}" rel="author">KIM Second</a>' in page


def test_upload_date_and_hits(client, series):
    article = ArticleFactory(
        # 08:00 on 27 July in Seoul, still 26 July in UTC: the page shows the Seoul day.
        series=series,
        hits=2060,
        published_at=datetime.datetime(2021, 7, 26, 23, 0, tzinfo=datetime.UTC),
    )
    page = client.get(article.get_absolute_url(), **READER).content.decode()
    assert re.search(r"Upload Date <time[^>]*>2021-07-27</time>", page)
    assert re.search(r'Hits <span class="hits-count">2061</span>', page)


def test_share_links_are_plain_urls_with_no_third_party_script(page, article):
    assert "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver" in page
    assert "https://twitter.com/intent/tweet?url=http%3A%2F%2Ftestserver" in page
    assert re.search(
        r'<a class="share-kakaotalk" href="https://sharer\.kakao\.com/[^"]+testserver', page
    )
    assert not re.search(r"<script[^>]+src=[\"']https?://", page)


def test_send_email_button_sends_a_get_form_to_the_mail_form_for_this_article(page, article):
    # Opening it as a dialog is tested in a real browser (tests/mailing/test_dialog.py);
    # without JavaScript this GET form leads to the form's own page.
    form = re.search(
        r'<form class="send-email-opener" method="get" action="/en/mail/send/">\s*'
        r'<input type="hidden" name="url" value="([^"]+)">\s*'
        r'<button type="submit" class="button send-email"[^>]*>.*?Send Email</button>',
        page,
        re.S,
    )
    assert form and unescape(form[1]) == article.absolute_url


def test_body_is_rendered_as_html(page):
    assert "<p>Body text.</p>" in page


def test_attachment_download_link(page, article):
    attachment = article.attachments.get()
    assert "Attached the File" in page
    assert f'href="{attachment.get_absolute_url()}"' in page
    assert "The Full Text.pdf" in page


def test_tags_link_to_their_pages(page):
    assert '<a href="/en/tags/usrussiarelations/" rel="tag">#USRussiaRelations</a>' in page
    assert "#BidenPutinSummit" in page


def test_neighbours_show_full_titles_for_css_to_cut(client, article):
    long_title = (
        "The Revisions to the Rules of the WPK and Implications of the Eighth Party Congress"
    )
    ArticleFactory(
        series=article.series,
        title=long_title,
        published_at=article.published_at - datetime.timedelta(days=3),
    )
    page = client.get(article.get_absolute_url(), **READER).content.decode()
    link = re.search(r'<a href="[^"]+" rel="prev" class="neighbour-title">([^<]+)</a>', page)
    assert link, "no rel=prev link"
    assert link.group(1) == long_title  # whole: .neighbour-title clamps it to two lines
    assert 'rel="next"' not in page


def test_draft_is_404_for_readers_and_a_preview_for_staff(client, admin_user, series):
    draft = ArticleFactory(series=series, status="draft")
    assert client.get(draft.get_absolute_url(), **READER).status_code == 404
    client.force_login(admin_user)
    response = client.get(draft.get_absolute_url(), **READER)
    assert response.status_code == 200
    assert "Draft preview" in response.content.decode()


def test_future_article_is_404_until_its_date(client, series):
    scheduled = ArticleFactory(
        series=series, published_at=timezone.now() + datetime.timedelta(hours=1)
    )
    assert client.get(scheduled.get_absolute_url(), **READER).status_code == 404


def test_unknown_article_is_a_designed_404(client, series):
    response = client.get(f"/en/publications/{series.slug}/no-such-article/", **READER)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_korean_title_gets_a_working_unicode_url(client, series):
    article = ArticleFactory(series=series, title="한반도 평화 프로세스의 과제", slug="")
    assert article.slug == "한반도-평화-프로세스의-과제"
    response = client.get(article.get_absolute_url(), **READER)
    assert response.status_code == 200
    assert '<h1 class="article-title">한반도 평화 프로세스의 과제</h1>' in response.content.decode()


def test_article_page_runs_at_most_ten_queries(client, article, django_assert_max_num_queries):
    for index in range(3):
        AttachmentFactory(article=article, title=f"Annex {index}")
        ArticleFactory(series=article.series)
    with django_assert_max_num_queries(10):
        response = client.get(article.get_absolute_url(), **READER)
    assert response.status_code == 200

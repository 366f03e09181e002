"""Two editions of one site: /ko/ and /en/, language negotiation, old addresses, switches."""

import re

import pytest
from django.utils import translation

from publications import translations
from tests.factories import ArticleFactory, AuthorFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(series, author):
    """The seed article in English and its Korean translation, both published."""
    english = ArticleFactory(
        series=series,
        title="An Analysis of the Biden-Putin Summit",
        slug="biden-putin",
        authors=[author],
        tags=["BidenPutinSummit"],
    )
    korean = ArticleFactory(
        series=series,
        title="바이든-푸틴 정상회담 분석",
        slug="biden-putin-ko",
        language="ko",
        authors=[author],
        tags=["BidenPutinSummit"],
    )
    translations.link(english, korean)
    return english, korean


def _hreflangs(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


# --- / and the language of the reader ---------------------------------------------


@pytest.mark.parametrize(
    ("accept", "edition"),
    [
        ("en-US,en;q=0.9", "/en/"),
        ("ko-KR,ko;q=0.9,en;q=0.5", "/ko/"),
        ("fr-FR", "/ko/"),
        ("", "/ko/"),
    ],
)
def test_root_sends_a_reader_to_the_edition_their_browser_prefers(client, accept, edition):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == edition
    assert "Accept-Language" in response["Vary"]


def test_root_follows_the_language_the_reader_chose_over_their_browser(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ko")
    assert response["Location"] == "/en/"


def test_default_edition_comes_from_the_language_code_setting(client, settings):
    settings.LANGUAGE_CODE = "en"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr")["Location"] == "/en/"


# --- Old addresses ------------------------------------------------------------------


def test_an_old_article_address_answers_301_to_its_own_language_edition(client, pair):
    english, korean = pair
    old = f"/publications/{korean.series.slug}/{korean.slug}/"
    response = client.get(old, HTTP_ACCEPT_LANGUAGE="en")  # the reader's browser does not matter
    assert response.status_code == 301
    assert response["Location"] == f"/ko/publications/{korean.series.slug}/{korean.slug}/"
    english_old = f"/publications/{english.series.slug}/{english.slug}/?utm_source=mail"
    response = client.get(english_old, HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 301
    assert response["Location"] == (
        f"/en/publications/{english.series.slug}/{english.slug}/?utm_source=mail"
    )


@pytest.mark.parametrize(
    "old",
    ["/publications/ifans-focus/", "/tags/bidenputinsummit/", "/authors/lee-taerim/", "/feed/"],
)
def test_old_listing_addresses_answer_301_to_the_readers_edition(client, pair, old):
    response = client.get(old, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 301
    assert response["Location"] == "/en" + old
    assert client.get(response["Location"]).status_code == 200


def test_old_attachment_links_still_download(client, pair):
    from tests.factories import AttachmentFactory

    attachment = AttachmentFactory(article=pair[0])
    response = client.get(f"/attachments/{attachment.pk}/download/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][1] == 301


def test_a_form_posted_to_an_old_address_is_redirected_with_its_body(client):
    response = client.post("/mail/send/", {"recipient": "friend@example.org"})
    assert response.status_code == 308  # the browser posts the same body again
    assert response["Location"] == "/en/mail/send/"


def test_an_old_address_of_nothing_ends_in_404_never_a_permanent_redirect(client):
    response = client.get("/publications/no-such-series/no-such-article/", follow=True)
    assert response.status_code == 404
    assert all(status != 301 for _url, status in response.redirect_chain)
    assert client.get("/tags/", follow=True).status_code == 404


def test_opt_out_links_in_mails_already_sent_work_where_they_are(client):
    from mailing.models import OptOut
    from mailing.optout import make_token

    token = make_token("reader@example.org")
    assert client.get(f"/mail/unsubscribe/{token}/").status_code == 200
    response = client.post(f"/mail/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert OptOut.covers("reader@example.org")


# --- An article lives in its own edition --------------------------------------------


def test_an_article_under_the_other_prefix_redirects_to_its_own(client, pair):
    english, korean = pair
    wrong = f"/en/publications/{korean.series.slug}/{korean.slug}/"
    response = client.get(wrong)
    assert response.status_code == 301
    assert response["Location"] == korean.get_absolute_url()
    assert korean.get_absolute_url().startswith("/ko/")


def test_each_edition_lists_only_its_language(client, pair, series, author):
    english, korean = pair
    for url_name, kwargs in [
        ("publications:home", {}),
        ("publications:series", {"slug": series.slug}),
        ("publications:tag", {"slug": "bidenputinsummit"}),
        ("publications:author", {"slug": author.slug}),
        ("publications:feed", {}),
    ]:
        for code, shown, hidden in [("ko", korean, english), ("en", english, korean)]:
            with translation.override(code):
                from django.urls import reverse

                html = client.get(reverse(url_name, kwargs=kwargs)).content.decode()
            assert shown.title in html, (url_name, code)
            assert hidden.title not in html, (url_name, code)


# --- Translations name each other -----------------------------------------------------


def test_an_article_and_its_translation_link_to_each_other_visibly(client, pair):
    english, korean = pair
    english_page = client.get(english.get_absolute_url()).content.decode()
    korean_page = client.get(korean.get_absolute_url()).content.decode()
    to_korean = f'<a href="{korean.get_absolute_url()}" hreflang="ko" lang="ko" rel="alternate">'
    to_english = f'<a href="{english.get_absolute_url()}" hreflang="en" lang="en" rel="alternate">'
    assert to_korean + "한국어</a>" in english_page
    assert to_english + "English</a>" in korean_page


def test_hreflang_pairs_on_both_sides(client, pair):
    english, korean = pair
    expected = {
        "en": "http://testserver" + english.get_absolute_url(),
        "ko": "http://testserver" + korean.get_absolute_url(),
        "x-default": "http://testserver" + korean.get_absolute_url(),  # LANGUAGE_CODE, ko
    }
    assert _hreflangs(client.get(english.get_absolute_url()).content.decode()) == expected
    assert _hreflangs(client.get(korean.get_absolute_url()).content.decode()) == expected


def test_an_article_without_translation_claims_no_hreflang_and_switches_to_the_other_home(
    client, article
):
    html = client.get(article.get_absolute_url()).content.decode()
    assert _hreflangs(html) == {}
    assert '<a class="language-switch" href="/ko/" hreflang="ko" lang="ko">한국어</a>' in html


def test_a_draft_translation_is_not_linked_from_the_public_page(client, article):
    draft, _missing = translations.start_translation(article)
    html = client.get(article.get_absolute_url()).content.decode()
    assert draft.get_absolute_url() not in html


def test_home_pages_name_each_other_with_the_root_as_x_default(client, pair):
    html = client.get("/en/").content.decode()
    assert _hreflangs(html) == {
        "ko": "http://testserver/ko/",
        "en": "http://testserver/en/",
        "x-default": "http://testserver/",
    }


@pytest.mark.parametrize(
    ("path", "switch"),
    [
        ("/en/", "/ko/"),
        ("/ko/publications/ifans-focus/", "/en/publications/ifans-focus/"),
        ("/en/tags/bidenputinsummit/", "/ko/tags/bidenputinsummit/"),
        ("/ko/authors/lee-taerim/", "/en/authors/lee-taerim/"),
        ("/en/search/?q=summit", "/ko/search/?q=summit"),
        (
            "/ko/publications/ifans-focus/biden-putin-ko/",
            "/en/publications/ifans-focus/biden-putin/",
        ),
        ("/en/publications/no-such/page/", "/ko/"),
    ],
)
def test_every_page_type_has_a_switch_to_the_same_page_in_the_other_edition(
    client, pair, path, switch
):
    html = client.get(path).content.decode()
    found = re.search(r'<a class="language-switch" href="([^"]+)"', html)
    assert found, path
    assert found.group(1).replace("&amp;", "&") == switch


def test_a_page_works_out_its_other_edition_once_for_the_switch_and_the_hreflang_links(
    client, pair, monkeypatch
):
    from thinktank import editions

    calls = []
    alternates = editions.alternates
    monkeypatch.setattr(
        editions, "alternates", lambda request: calls.append(request) or alternates(request)
    )
    html = client.get("/en/search/?q=summit").content.decode()
    assert len(calls) == 1
    assert _hreflangs(html)["ko"] == "http://testserver/ko/search/?q=summit"
    assert 'class="language-switch" href="/ko/search/?q=summit"' in html


# --- The page speaks its edition's language ---------------------------------------------


def test_korean_article_page_speaks_korean(client, pair):
    from tests.factories import AttachmentFactory

    english, korean = pair
    AttachmentFactory(article=korean)
    html = client.get(korean.get_absolute_url()).content.decode()
    assert '<html lang="ko">' in html
    labels = ["등록일", "조회수", "첨부파일", "이전글", "다음글", "목록", "이메일 보내기", "공유"]
    for label in labels:
        assert label in html, label
    visible = re.sub(r"<(script|style)[^>]*>.*?</\1>|<[^>]+>", " ", html, flags=re.S)
    for english_word in [
        "Upload Date",
        "Hits",
        "Attached the File",
        "Prev",
        "Next",
        "Send Email",
        "Recipient email",
        "Search publications",
        "Skip to content",
        "Share",
    ]:
        assert english_word not in visible, english_word


def test_english_page_marks_korean_names_as_korean(client, series):
    korean_author = AuthorFactory(name="이태림", slug="lee-ko")
    article = ArticleFactory(series=series, authors=[korean_author])
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'rel="author" lang="ko">이태림</a>' in html


def test_names_show_in_the_page_language_and_fall_back_to_the_other(client, pair):
    both = SeriesFactory(slug="both", name_en="Policy Briefs", name_ko="정책 브리프")
    only_korean = SeriesFactory(slug="ko-only", name_ko="외교 안보 연구")
    ArticleFactory(series=both, title="A brief")
    ArticleFactory(series=only_korean, title="A study")
    html = client.get("/en/").content.decode()
    assert ">Policy Briefs<" in html
    assert "정책 브리프" not in html
    assert 'lang="ko">외교 안보 연구<' in html  # fallback, marked as Korean


def test_404_page_follows_the_editions_language(client):
    response = client.get("/ko/publications/no/such/")
    assert response.status_code == 404
    assert "페이지를 찾을 수 없습니다" in response.content.decode()
    response = client.get("/en/publications/no/such/")
    assert "Page not found" in response.content.decode()


def test_feeds_speak_their_editions_language(client, pair):
    korean_feed = client.get("/ko/feed/").content.decode()
    assert "<language>ko</language>" in korean_feed
    assert "새 발간물" in korean_feed
    assert "<language>en</language>" in client.get("/en/feed/").content.decode()


def test_sitemap_lists_both_articles_with_their_alternates(client, pair):
    english, korean = pair
    xml = client.get("/sitemap.xml").content.decode()
    en_url = "http://testserver" + english.get_absolute_url()
    ko_url = "http://testserver" + korean.get_absolute_url()
    for url in (en_url, ko_url):
        block = re.search(rf"<url><loc>{re.escape(url)}</loc>(.*?)</url>", xml, re.S)
        assert block, url
        links = dict(re.findall(r'hreflang="([^"]+)" href="([^"]+)"', block.group(1)))
        assert links == {"en": en_url, "ko": ko_url, "x-default": ko_url}
    assert "<loc>http://testserver/ko/</loc>" in xml
    assert "<loc>http://testserver/en/</loc>" in xml

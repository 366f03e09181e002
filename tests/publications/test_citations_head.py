"""An article page's head, parsed as crawlers do (extruct), checked against the stored article."""

import datetime

import extruct
import pytest
from django.conf import settings
from django.utils import timezone

from publications.share_card.render import card_version
from tests.factories import ArticleFactory, AuthorFactory
from tests.publications.citation_support import (
    READER,
    alternate_links,
    head_of,
    meta_names,
    values,
)

pytestmark = [pytest.mark.django_db, pytest.mark.clocks]

SITE = "http://testserver"


def extracted(html):
    return extruct.extract(html, base_url=SITE, syntaxes=["json-ld", "opengraph"], uniform=False)


def open_graph(html):
    (block,) = extracted(html)["opengraph"]
    return block["properties"]


def json_ld(html, kind):
    return [item for item in extracted(html)["json-ld"] if item.get("@type") == kind]


def test_highwire_tags_name_the_korean_article_as_stored(client, korean_pair):
    korean, english = korean_pair
    tags = meta_names(head_of(client, korean))
    attachment = korean.attachments.get()
    assert values(tags, "citation_title") == [korean.title]
    assert values(tags, "citation_author") == ["이태림", "김민지"]  # byline order, Korean names
    assert values(tags, "citation_publication_date") == ["2021/07/27"]  # Seoul's date
    assert values(tags, "citation_language") == ["ko"]
    assert values(tags, "citation_abstract_html_url") == [SITE + korean.get_absolute_url()]
    assert values(tags, "citation_pdf_url") == [SITE + attachment.get_absolute_url()]
    assert values(tags, "citation_technical_report_institution") == [settings.INSTITUTE_NAMES["ko"]]
    assert values(tags, "citation_technical_report_number") == ["IFANS 포커스 2021-17"]
    assert values(tags, "citation_keywords") == ["미러관계", "BidenPutinSummit"]
    assert values(tags, "citation_doi") == ["10.1234/ifans.2021.17"]


def test_an_article_without_pdf_doi_or_number_claims_none(client, series, author):
    article = ArticleFactory(series=series, authors=[author], title="Plain")
    tags = meta_names(head_of(client, article))
    names = {name for name, _ in tags}
    assert not names & {"citation_pdf_url", "citation_doi"}
    assert values(tags, "citation_technical_report_number") == [series.name]
    assert values(tags, "citation_language") == ["en"]
    assert values(tags, "citation_technical_report_institution") == [settings.INSTITUTE_NAME]


def test_json_ld_describes_the_report_its_authors_series_pdf_and_translation(client, korean_pair):
    korean, english = korean_pair
    html = head_of(client, korean)
    (report,) = json_ld(html, "Report")
    url = SITE + korean.get_absolute_url()
    assert report["@context"] == "https://schema.org"
    assert report["headline"] == korean.title
    assert report["url"] == url
    assert report["reportNumber"] == "2021-17"
    assert report["author"] == [
        {"@type": "Person", "name": "이태림", "url": SITE + "/ko/authors/lee-taerim/"},
        {"@type": "Person", "name": "김민지", "url": SITE + "/ko/authors/kim-minji/"},
    ]
    published = datetime.datetime.fromisoformat(report["datePublished"])
    assert published == korean.published_at
    assert datetime.datetime.fromisoformat(report["dateModified"]) >= published
    assert report["inLanguage"] == "ko"
    assert report["isPartOf"]["name"] == "IFANS 포커스"
    assert report["isPartOf"]["url"] == SITE + korean.series.get_absolute_url()
    assert report["publisher"]["@type"] == "Organization"
    assert report["publisher"]["name"] == settings.INSTITUTE_NAMES["ko"]
    assert report["publisher"]["logo"]["url"].endswith("/static/img/institute-mark.png")
    assert report["keywords"] == ["미러관계", "BidenPutinSummit"]
    pdf = SITE + korean.attachments.get().get_absolute_url()
    assert report["encoding"] == {
        "@type": "MediaObject",
        "encodingFormat": "application/pdf",
        "contentUrl": pdf,
    }
    assert report["associatedMedia"]["contentUrl"] == pdf
    assert report["sameAs"] == "https://doi.org/10.1234/ifans.2021.17"
    # The Korean one came first: the English one is its translation.
    assert [work["url"] for work in report["workTranslation"]] == [english.absolute_url]
    assert report["workTranslation"][0]["inLanguage"] == "en"
    assert "translationOfWork" not in report


def test_the_translation_names_the_work_it_was_translated_from(client, korean_pair):
    korean, english = korean_pair
    (report,) = json_ld(head_of(client, english), "Report")
    assert report["translationOfWork"]["url"] == korean.absolute_url
    assert report["translationOfWork"]["inLanguage"] == "ko"
    assert report["author"][0]["name"] == "LEE TaeRim"  # the English edition's names


def test_breadcrumbs_lead_from_the_home_page_through_the_series(client, korean_pair):
    korean, _ = korean_pair
    (trail,) = json_ld(head_of(client, korean), "BreadcrumbList")
    items = trail["itemListElement"]
    assert [item["position"] for item in items] == [1, 2, 3]
    assert [item["item"] for item in items] == [
        SITE + "/ko/",
        SITE + korean.series.get_absolute_url(),
        SITE + korean.get_absolute_url(),
    ]
    assert items[2]["name"] == korean.title


def test_open_graph_and_twitter_cards(client, korean_pair):
    korean, english = korean_pair
    html = head_of(client, korean)
    og = open_graph(html)
    first = dict(reversed(og))
    card = f"{SITE}/ko/articles/{korean.pk}/card/{card_version(korean)}.png"
    assert first["og:type"] == "article"
    assert first["og:title"] == korean.title
    assert first["og:description"] == korean.summary
    assert first["og:url"] == SITE + korean.get_absolute_url()
    assert first["og:site_name"] == settings.SITE_NAME
    assert first["og:locale"] == "ko_KR"
    assert [v for k, v in og if k == "og:locale:alternate"] == ["en_US"]
    assert first["og:image"] == card
    assert (first["og:image:width"], first["og:image:height"]) == ("1200", "630")
    published = datetime.datetime.fromisoformat(first["article:published_time"])
    assert published == korean.published_at
    assert [v for k, v in og if k == "article:author"] == [
        SITE + "/ko/authors/lee-taerim/",
        SITE + "/ko/authors/kim-minji/",
    ]
    assert [v for k, v in og if k == "article:tag"] == ["미러관계", "BidenPutinSummit"]
    twitter = dict(meta_names(html))
    assert twitter["twitter:card"] == "summary_large_image"
    assert twitter["twitter:title"] == korean.title
    assert twitter["twitter:image"] == card


def test_an_article_alone_in_its_language_has_no_alternate_locale(client, series, author):
    article = ArticleFactory(series=series, authors=[author])
    og = open_graph(head_of(client, article))
    assert ("og:locale", "en_US") in og
    assert not [k for k, _ in og if k == "og:locale:alternate"]
    (report,) = json_ld(head_of(client, article), "Report")
    assert "workTranslation" not in report and "translationOfWork" not in report


def test_citation_downloads_and_the_series_feed_are_announced(client, korean_pair):
    korean, _ = korean_pair
    links = alternate_links(head_of(client, korean))
    assert links["application/x-bibtex"] == f"/ko/articles/{korean.pk}/cite.bib"
    assert links["application/x-research-info-systems"] == f"/ko/articles/{korean.pk}/cite.ris"
    assert links["application/vnd.citationstyles.csl+json"] == f"/ko/articles/{korean.pk}/cite.json"
    assert links["application/rss+xml"] == "/ko/publications/ifans-focus/feed/"
    for href in (links[t] for t in links if "rss" not in t):
        assert client.get(href, **READER).status_code == 200


def test_head_values_are_escaped_not_markup(client, series, author):
    article = ArticleFactory(
        series=series, authors=[author], title='Quotes " and <script>alert(1)</script>'
    )
    html = head_of(client, article)
    assert "<script>alert(1)</script>" not in html
    assert values(meta_names(html), "citation_title") == [article.title]
    (report,) = json_ld(html, "Report")
    assert report["headline"] == article.title


def test_author_page_carries_a_person(client, korean_pair):
    lee = AuthorFactory(slug="jane-smith", name="Jane Smith", title="Senior Fellow", bio="Bio.")
    html = client.get(lee.get_absolute_url(), **READER).content.decode()
    (person,) = json_ld(html, "Person")
    assert person["name"] == "Jane Smith"
    assert person["url"] == SITE + lee.get_absolute_url()
    assert person["jobTitle"] == "Senior Fellow"
    assert person["worksFor"]["@type"] == "Organization"


def test_home_page_carries_the_organization_and_a_site_search(client, korean_pair):
    html = client.get("/en/", **READER).content.decode()
    (organization,) = json_ld(html, "Organization")
    (site,) = json_ld(html, "WebSite")
    assert organization["name"] == settings.INSTITUTE_NAME
    assert organization["logo"]["url"].endswith("/static/img/institute-mark.png")
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    template = action["target"]["urlTemplate"]
    assert template == SITE + "/en/search/?q={search_term_string}"
    found = client.get(template.removeprefix(SITE).replace("{search_term_string}", "summit"))
    assert found.status_code == 200


def test_published_date_is_seouls_whatever_the_hour(client, series, author):
    late = timezone.make_aware(
        datetime.datetime(2022, 3, 1, 23, 50), timezone.get_fixed_timezone(540)
    )
    article = ArticleFactory(series=series, authors=[author], published_at=late)
    assert values(meta_names(head_of(client, article)), "citation_publication_date") == [
        "2022/03/01"
    ]

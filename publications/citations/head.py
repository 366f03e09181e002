"""The head of a page as crawlers read it: Highwire tags, Open Graph, Twitter, JSON-LD.

Every value comes from a record.Citation (or an author, or the site); the
templates in templates/publications/includes/ only print these lists.
"""

import json

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe

from .. import languages
from . import edition
from .record import SHARE_IMAGE_SIZE, absolute, institute_name

SCHEMA = "https://schema.org"


def _iso(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds")


def highwire(citation):
    """[(name, content)]: what Google Scholar and Zotero's Embedded Metadata read."""
    tags = [("citation_title", citation.title)]
    tags += [("citation_author", creator.name) for creator in citation.authors]
    tags += [
        ("citation_publication_date", citation.local_date.strftime("%Y/%m/%d")),
        ("citation_language", citation.language),
        ("citation_abstract_html_url", citation.url),
        ("citation_fulltext_html_url", citation.url),
        ("citation_technical_report_institution", citation.institution),
        ("citation_technical_report_number", citation.report_number),
    ]
    if citation.pdf_url:
        tags.append(("citation_pdf_url", citation.pdf_url))
    if citation.doi:
        tags.append(("citation_doi", citation.doi))
    tags += [("citation_keywords", keyword) for keyword in citation.keywords]
    return tags


def open_graph(citation):
    """[(property, content)] for Facebook, KakaoTalk, LinkedIn and most messengers."""
    tags = [
        ("og:type", "article"),
        ("og:title", citation.title),
        ("og:description", citation.description),
        ("og:url", citation.url),
        ("og:site_name", settings.SITE_NAME),
        ("og:locale", citation.og_locale),
    ]
    alternates = dict.fromkeys(edition.og_locale(t.language) for t in citation.translations)
    tags += [("og:locale:alternate", locale) for locale in alternates]
    tags += [("og:image", citation.image_url), ("og:image:alt", citation.title)]
    if citation.image_is_card:
        width, height = SHARE_IMAGE_SIZE
        tags += [
            ("og:image:type", "image/png"),
            ("og:image:width", str(width)),
            ("og:image:height", str(height)),
        ]
    tags += [
        ("article:published_time", _iso(citation.published)),
        ("article:modified_time", _iso(citation.modified)),
        ("article:section", citation.series),
    ]
    tags += [("article:author", creator.url) for creator in citation.authors]
    tags += [("article:tag", keyword) for keyword in citation.keywords]
    return tags


def twitter(citation):
    return [
        ("twitter:card", "summary_large_image"),
        ("twitter:title", citation.title),
        ("twitter:description", citation.description),
        ("twitter:image", citation.image_url),
        ("twitter:image:alt", citation.title),
    ]


# --- JSON-LD --------------------------------------------------------------------


def json_ld(data):
    """`data` as the text of a <script type="application/ld+json">, safe in HTML."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_json_script_escapes))  # noqa: S308 (<, >, & escaped)


def publisher(language=None):
    return {
        "@type": "Organization",
        "@id": absolute("/#organization"),
        "name": institute_name(language or languages.active()),
        "alternateName": settings.SITE_NAME,
        "url": absolute(reverse("publications:home")),
        "logo": {"@type": "ImageObject", "url": absolute(static("img/institute-mark.png"))},
    }


def _person(creator):
    return {"@type": "Person", "name": creator.name, "url": creator.url}


def article_graph(citation):
    """The article as a schema.org Report, and its place in the site (BreadcrumbList)."""
    report = {
        "@context": SCHEMA,
        "@type": "Report",
        "@id": citation.url,
        "url": citation.url,
        "mainEntityOfPage": citation.url,
        "headline": citation.title,
        "name": citation.title,
        "author": [_person(creator) for creator in citation.authors],
        "datePublished": _iso(citation.published),
        "dateModified": _iso(citation.modified),
        "inLanguage": citation.language,
        "isPartOf": {
            "@type": "CreativeWorkSeries",
            "name": citation.series,
            "url": citation.series_url,
        },  # fmt: skip
        "publisher": publisher(citation.language),
        "keywords": citation.keywords,
        "image": citation.image_url,
    }
    if citation.summary:
        report["description"] = citation.summary
    if citation.number:
        report["reportNumber"] = citation.number
    if citation.doi:
        report["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI",
                                "value": citation.doi}  # fmt: skip
        report["sameAs"] = citation.doi_url
    if citation.pdf_url:
        pdf = {"@type": "MediaObject", "encodingFormat": "application/pdf",
               "contentUrl": citation.pdf_url}  # fmt: skip
        report["encoding"] = pdf
        report["associatedMedia"] = pdf
    originals = [t for t in citation.translations if t.is_original]
    translations = [t for t in citation.translations if not t.is_original]
    if originals:
        report["translationOfWork"] = _work(originals[0])
    if translations:
        report["workTranslation"] = [_work(t) for t in translations]
    return [report, breadcrumbs(citation)]


def _work(translation):
    return {"@type": "Report", "@id": translation.url, "url": translation.url,
            "name": translation.title, "inLanguage": translation.language}  # fmt: skip


def breadcrumbs(citation):
    trail = [
        (settings.SITE_NAME, absolute(reverse("publications:home"))),
        (citation.series, citation.series_url),
        (citation.title, citation.url),
    ]
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": url}
            for n, (name, url) in enumerate(trail, start=1)
        ],
    }


def person_graph(author):
    person = {
        "@context": SCHEMA,
        "@type": "Person",
        "name": author.name,
        "url": absolute(author.get_absolute_url()),
        "worksFor": publisher(),
    }
    if author.title:
        person["jobTitle"] = author.title
    if author.bio:
        person["description"] = author.bio
    return person


def site_graph(search_path=None):
    """The institute and the site; with `search_path`, how to search it (SearchAction)."""
    site = {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": absolute(reverse("publications:home")),
        "publisher": {"@id": absolute("/#organization")},
    }
    if search_path:
        site["potentialAction"] = {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": absolute(search_path) + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        }
    return [{"@context": SCHEMA, **publisher()}, site]

"""Cite page and downloads: BibTeX, RIS and CSL-JSON parse and give back what is stored."""

import json

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts
from django.conf import settings

from publications.citations import record, styles
from tests.factories import ArticleFactory, AuthorFactory
from tests.publications.citation_support import (
    READER,
)

pytestmark = pytest.mark.django_db

SITE = "http://testserver"


def download(client, article, kind):
    response = client.get(record.cite_url(article, kind), **READER)
    assert response.status_code == 200
    return response


def parse_bibtex(text):
    library = bibtexparser.parse_string(
        text, append_middleware=[LatexDecodingMiddleware(), SeparateCoAuthors(), SplitNameParts()]
    )
    assert not library.failed_blocks
    (entry,) = library.entries
    return entry


@pytest.mark.clocks
def test_bibtex_round_trips_title_authors_year_and_url(client, korean_pair):
    korean, _ = korean_pair
    response = download(client, korean, "bib")
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert "biden-putin-ko.bib" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert "title = {{바이든-푸틴 정상회담 분석" in text  # doubled braces keep the capitals
    entry = parse_bibtex(text)
    assert entry.entry_type == "techreport"
    fields = {name: field.value for name, field in entry.fields_dict.items()}
    assert fields["title"] == korean.title  # "&" escaped as \& and decoded again
    assert [" ".join(n.first + n.last) for n in fields["author"]] == ["이태림", "김민지"]
    assert all(n.last and not n.first for n in fields["author"])  # Korean names kept whole
    assert fields["year"] == "2021"
    assert fields["url"] == SITE + korean.get_absolute_url()
    assert fields["doi"] == "10.1234/ifans.2021.17"
    assert fields["number"] == "2021-17"
    assert fields["institution"] == settings.INSTITUTE_NAMES["ko"]


def test_bibtex_splits_romanised_names_into_family_and_given(client, korean_pair):
    _, english = korean_pair
    fields = parse_bibtex(download(client, english, "bib").content.decode()).fields_dict
    names = [(n.last, n.first) for n in fields["author"].value]
    assert names == [(["Lee"], ["TaeRim"]), (["Kim"], ["Minji"])]


def test_bibtex_escapes_what_tex_would_read_as_commands(client, series):
    article = ArticleFactory(series=series, title="100% of {braces} & $money_now #1 \\o/")
    fields = parse_bibtex(download(client, article, "bib").content.decode()).fields_dict
    assert fields["title"].value == article.title


@pytest.mark.clocks
def test_ris_round_trips_title_authors_year_and_url(client, korean_pair):
    korean, _ = korean_pair
    response = download(client, korean, "ris")
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    (entry,) = rispy.loads(response.content.decode("utf-8"))
    assert entry["type_of_reference"] == "RPRT"
    assert entry["title"] == korean.title
    assert entry["authors"] == ["이태림", "김민지"]
    assert entry["year"] == "2021"
    assert entry["date"] == "2021/07/27"
    assert entry["urls"] == [SITE + korean.get_absolute_url()]
    assert entry["doi"] == "10.1234/ifans.2021.17"
    assert entry["keywords"] == ["미러관계", "BidenPutinSummit"]


def test_ris_keeps_every_value_on_one_line(client, series):
    article = ArticleFactory(series=series, title="Line one\u2028line two", summary="A\nB\n\nC")
    (entry,) = rispy.loads(download(client, article, "ris").content.decode())
    assert entry["abstract"] == "A B C"


@pytest.mark.clocks
def test_csl_json_is_one_report_item(client, korean_pair):
    korean, _ = korean_pair
    response = download(client, korean, "csl")
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    (item,) = json.loads(response.content)
    assert item["type"] == "report"
    assert item["title"] == korean.title
    assert item["author"] == [{"literal": "이태림"}, {"literal": "김민지"}]
    assert item["issued"] == {"date-parts": [[2021, 7, 27]]}
    assert item["URL"] == SITE + korean.get_absolute_url()
    assert item["collection-title"] == "IFANS 포커스"
    assert item["number"] == "2021-17"
    assert item["language"] == "ko"


def test_cite_page_gives_apa_and_chicago_and_the_downloads(client, korean_pair):
    _, english = korean_pair
    response = client.get(record.cite_url(english), **READER)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="cite-apa"' in page and 'id="cite-chicago"' in page
    apa = styles.format_citation(record.for_article(english), "apa")
    chicago = styles.format_citation(record.for_article(english), "chicago")
    assert apa.startswith("Lee, T., & Kim, M. (2021). An Analysis of the Biden-Putin Summit")
    assert chicago.startswith("Lee, TaeRim, and Minji Kim. An Analysis of the Biden-Putin Summit.")
    assert english.absolute_url in apa and english.absolute_url in chicago
    for kind in ("bib", "ris", "csl"):
        assert f'href="{record.cite_url(english, kind)}"' in page
    assert 'data-copy-target="cite-apa"' in page


def test_korean_names_stay_whole_in_apa_and_chicago(korean_pair):
    korean, _ = korean_pair
    citation = record.for_article(korean)
    assert styles.format_citation(citation, "apa").startswith("이태림, & 김민지. (2021).")
    assert styles.format_citation(citation, "chicago").startswith("이태림, and 김민지.")


def test_citation_html_escapes_stored_text(korean_pair, series):
    article = ArticleFactory(series=series, title="<b>Bold</b> & more")
    html = styles.format_citation(record.for_article(article), "apa", html=True)
    assert "<b>" not in html and "&lt;b&gt;" in html


def test_the_article_page_links_to_the_cite_page_without_javascript(client, korean_pair):
    korean, _ = korean_pair
    page = client.get(korean.get_absolute_url(), **READER).content.decode()
    assert f'href="{record.cite_url(korean)}"' in page


def test_drafts_are_not_citable_by_readers_but_are_by_staff(client, django_user_model, series):
    draft = ArticleFactory(series=series, status="draft")
    for kind in ("page", "bib", "ris", "csl"):
        assert client.get(record.cite_url(draft, kind), **READER).status_code == 404
    editor = django_user_model.objects.create_user("ed", is_staff=True, is_superuser=True)
    client.force_login(editor)
    response = client.get(record.cite_url(draft, "bib"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_unknown_article_is_404(client):
    assert client.get("/en/articles/999999/cite.bib").status_code == 404
    assert client.post("/en/articles/999999/cite/").status_code == 405


def test_downloads_run_few_queries(client, korean_pair, django_assert_max_num_queries):
    korean, _ = korean_pair
    AuthorFactory()
    with django_assert_max_num_queries(8):
        download(client, korean, "bib")

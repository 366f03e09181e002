"""DOI, number in the series and cover image: admin, exchange format, and what pages show."""

import io
import json

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from publications.exchange import FORMAT, ExchangeError, export_file, import_file
from publications.models import Article
from publications.share_card import store
from tests.factories import ArticleFactory
from thinktank.storage import private_storage

from .admin_forms import form_errors, post_article
from .citation_support import READER, head_of, meta_names, values
from .exchange_support import exchange_data, write_exchange

pytestmark = pytest.mark.django_db


def png_bytes(colour="navy", size=(120, 63)):
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def version_2():
    data = exchange_data()
    data["format"] = FORMAT
    return data


def with_cover(tmp_path, cover="files/cover.png", **fields):
    data = version_2()
    data["articles"][0].update({"cover": cover, **fields})
    path = write_exchange(tmp_path, data)
    (tmp_path / "files" / "cover.png").write_bytes(png_bytes())
    return path


# --- admin ------------------------------------------------------------------------


def test_admin_stores_a_doi_pasted_as_a_link_bare_and_the_number(staff_client, series):
    response, article = post_article(
        staff_client, series, doi="https://doi.org/10.1234/ifans.2021.17", number="2021-17"
    )
    assert form_errors(response) == []
    assert (article.doi, article.number) == ("10.1234/ifans.2021.17", "2021-17")


def test_admin_refuses_what_is_not_a_doi(staff_client, series):
    response, _ = post_article(staff_client, series, doi="not a doi")
    assert any("Not a DOI" in message for message in form_errors(response))


def test_admin_takes_a_cover_image_and_refuses_a_file_that_is_not_one(staff_client, series):
    fake = ContentFile(b"%PDF-1.4 not an image", name="cover.png")
    response, _ = post_article(staff_client, series, slug="fake", cover_image=fake)
    assert form_errors(response)  # Pillow cannot read it
    cover = ContentFile(png_bytes(), name="cover.png")
    response, article = post_article(staff_client, series, slug="real", cover_image=cover)
    assert form_errors(response) == []
    assert article.cover_image.name.startswith("images/covers/")
    assert article.cover_image.name.endswith(".png")


# --- pages ------------------------------------------------------------------------


def test_a_cover_image_replaces_the_generated_card(client, series, author):
    article = ArticleFactory(series=series, authors=[author])
    article.cover_image.save("cover.png", ContentFile(png_bytes()))
    tags = meta_names(head_of(client, article))
    cover = "http://testserver/media/" + article.cover_image.name
    assert values(tags, "twitter:image") == [cover]
    html = head_of(client, article)
    assert f'<meta property="og:image" content="{cover}">' in html
    assert 'property="og:image:width"' not in html  # the editor's picture, any size
    assert store.warm_cards([article.pk]) == 0  # no card drawn for it
    assert not private_storage().exists(store.stored_name(article))


# --- exchange format --------------------------------------------------------------


def test_import_takes_doi_number_and_cover(tmp_path):
    import_file(with_cover(tmp_path, doi="doi:10.1234/abc", number="2021-17"))
    article = Article.objects.get()
    assert (article.doi, article.number) == ("10.1234/abc", "2021-17")
    assert article.cover_image.name.startswith("images/covers/")
    with article.cover_image.open("rb") as handle:
        assert handle.read() == png_bytes()


def test_importing_the_same_cover_twice_changes_nothing(tmp_path):
    path = with_cover(tmp_path)
    import_file(path)
    stored = Article.objects.get().cover_image.name
    report = import_file(path)
    assert report.counts["articles"]["unchanged"] == 1
    assert Article.objects.get().cover_image.name == stored


def test_cover_null_removes_it(tmp_path):
    import_file(with_cover(tmp_path))
    import_file(with_cover(tmp_path, cover=None))
    assert not Article.objects.get().cover_image


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"doi": "10.12/too-short-registrant"}, "articles[0].doi: Not a DOI"),
        ({"number": 17}, "articles[0].number: expected a string"),
        ({"cover": "files/The Full Text.pdf"}, "articles[0].cover: A cover image must be one of"),
        ({"cover": "../cover.png"}, "articles[0].cover: path leaves"),
    ],
)
def test_bad_citation_fields_are_named_by_place(tmp_path, fields, problem):
    data = version_2()
    data["articles"][0].update(fields)
    with pytest.raises(ExchangeError) as caught:
        import_file(write_exchange(tmp_path, data))
    assert any(message.startswith(problem) for message in caught.value.problems)
    assert not Article.objects.exists()


def test_citation_fields_need_version_2(tmp_path):
    data = exchange_data()  # version 1
    data["articles"][0]["doi"] = "10.1234/abc"
    with pytest.raises(ExchangeError) as caught:
        import_file(write_exchange(tmp_path, data))
    assert any(
        message.startswith("articles[0].doi: a version 2 field")
        for message in caught.value.problems
    )


def test_a_cover_that_is_no_image_is_refused(tmp_path):
    path = with_cover(tmp_path)
    (tmp_path / "files" / "cover.png").write_bytes(b"GIF89a but not really")
    with pytest.raises(ExchangeError) as caught:
        import_file(path)
    assert any("articles[0].cover" in message for message in caught.value.problems)


def test_export_writes_the_citation_fields_and_the_cover_beside_it(tmp_path):
    import_file(with_cover(tmp_path / "in", doi="10.1234/abc", number="7"))
    export_file(tmp_path / "out" / "publications.json")
    data = json.loads((tmp_path / "out" / "publications.json").read_text())
    (article,) = data["articles"]
    assert (article["doi"], article["number"]) == ("10.1234/abc", "7")
    assert article["cover"].startswith("files/covers/")
    assert (tmp_path / "out" / article["cover"]).read_bytes() == png_bytes()
    Article.objects.all().delete()
    import_file(tmp_path / "out" / "publications.json")  # and back again
    again = Article.objects.get()
    assert (again.doi, again.number) == ("10.1234/abc", "7")
    assert again.cover_image


def test_readers_never_see_a_500_for_a_missing_cover_file(client, series):
    article = ArticleFactory(series=series)
    Article.objects.filter(pk=article.pk).update(cover_image="images/covers/gone.png")
    response = client.get(article.get_absolute_url(), **READER)
    assert response.status_code == 200

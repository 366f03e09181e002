"""Share cards: a 1200x630 PNG per article version, drawn by the worker, served for a year."""

import io

import pytest
from fontTools.ttLib import TTFont
from PIL import Image

from publications.share_card import render, store
from publications.share_card.links import card_path
from tests.factories import ArticleFactory
from thinktank.storage import private_storage

pytestmark = pytest.mark.django_db

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def picture(png):
    assert png.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(png))
    image.verify()  # a whole, valid PNG
    return Image.open(io.BytesIO(png))


def test_the_card_is_a_valid_1200_by_630_png(korean_pair):
    korean, _ = korean_pair
    image = picture(render.render_card(korean))
    assert image.format == "PNG"
    assert image.size == (1200, 630)


def test_the_card_changes_when_the_title_changes(article):
    before, version = render.render_card(article), render.card_version(article)
    article.title = "A Different Title Altogether"
    article.save()
    assert render.card_version(article) != version
    after = render.render_card(article)
    assert after != before
    assert picture(after).size == (1200, 630)


def test_korean_titles_are_set_in_a_font_that_has_hangul(korean_pair):
    korean, _ = korean_pair
    for name in (render.BOLD, render.REGULAR):
        font = render._font(name, 40)
        assert font.getname()[0] == "NanumGothic"
        with TTFont(str(render.FONT_DIR / name)) as face:
            cmap = face.getBestCmap()
        assert all(ord(ch) in cmap for ch in korean.title if not ch.isspace())


def test_the_card_shows_series_authors_date_and_the_institute(korean_pair):
    korean, _ = korean_pair
    facts = render.card_facts(korean)
    assert facts["series"] == "IFANS 포커스"
    assert facts["authors"] == ["이태림", "김민지"]
    assert facts["date"] == "2021-07-27"
    assert facts["institute"] == "국립외교원 외교안보연구소"


def test_a_title_too_long_for_the_card_is_cut_with_an_ellipsis(article):
    article.title = "Strategic stability " * 30
    image = picture(render.render_card(article))
    assert image.size == (1200, 630)
    draw = Image.new("RGB", (10, 10))
    from PIL import ImageDraw

    font, lines, _size = render._fit_title(ImageDraw.Draw(draw), article.title, 1056)
    assert len(lines) == 4 and lines[-1].endswith("…")


def test_the_card_is_served_with_a_long_cache_lifetime(client, article):
    response = client.get(card_path(article))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert picture(response.content).size == (1200, 630)
    assert private_storage().exists(store.stored_name(article))  # kept for the next one


def test_an_old_version_redirects_to_the_current_card(client, article):
    old = card_path(article)
    article.title = "Retitled"
    article.save()
    response = client.get(old)
    assert response.status_code == 302
    assert response["Location"] == card_path(article)
    assert client.get(response["Location"]).status_code == 200


def test_drafts_have_no_public_card(client, series):
    draft = ArticleFactory(series=series, status="draft")
    assert client.get(card_path(draft)).status_code == 404
    assert client.get("/en/articles/999999/card/0123456789abcdef.png").status_code == 404


def test_the_worker_draws_the_card_once_an_edit_commits(
    eager_celery, django_capture_on_commit_callbacks
):
    # Everything written inside: writes gather in one on-commit batch (signals.py).
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(title="Drawn in the background")
    assert private_storage().exists(store.stored_name(article))
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Drawn again"
        article.save()
    _folders, files = private_storage().listdir(f"{store.CACHE_FOLDER}/{article.pk}")
    assert files == [f"{render.card_version(article)}.png"]  # the old version is gone


def test_serving_a_stored_card_draws_nothing(client, article, monkeypatch):
    store.ensure_card(article)
    monkeypatch.setattr(render, "render_card", lambda article: pytest.fail("drawn again"))
    assert client.get(card_path(article)).status_code == 200

"""Version 2 of the exchange format: languages, translations, names in both languages."""

import json
from pathlib import Path

import pytest
from django.test import override_settings

from publications import translations
from publications.exchange import ExchangeError, export_file, import_file
from publications.models import Article, Author, Series
from tests.factories import ArticleFactory, AuthorFactory, SeriesFactory

from .exchange_support import exchange_data, snapshot, write_exchange

pytestmark = [pytest.mark.django_db, pytest.mark.clocks]  # dates without a time are local midnight
V2 = "thinktank-publications/2"


def _article(slug, language=None, translation=None, **fields):
    data = {"series": "ifans-focus", "slug": slug, "title": slug.title(), "published": "2021-07-27"}
    if language is not None:
        data["language"] = language
    if translation is not None:
        data["translation"] = translation
    return data | fields


def _v2(*articles, series=None, authors=None):
    data = exchange_data()
    data["format"] = V2
    if series is not None:
        data["series"] = series
    if authors is not None:
        data["authors"] = authors
    data["articles"] = list(articles)
    return data


def _import(tmp_path, data, name="publications.json"):
    return import_file(write_exchange(tmp_path, data, name=name))


def _get(slug):
    return Article.objects.get(slug=slug)


def _rejected(tmp_path, data):
    """The problems of a file that must be refused whole; asserts nothing was written."""
    before = snapshot()
    with pytest.raises(ExchangeError) as caught:
        _import(tmp_path, data, name="bad.json")
    assert snapshot() == before
    return caught.value.problems


# --- version 1 ------------------------------------------------------------------


@override_settings(LANGUAGE_CODE="ko")  # the site's default edition is not the file's
def test_version_1_articles_are_english_and_names_keep_their_language(tmp_path):
    data = exchange_data()
    data["authors"].append({"slug": "park", "name": "박지원", "title": "연구위원"})
    data["articles"].append(
        {"series": "ifans-focus", "title": "한반도 평화 프로세스의 과제", "published": "2021-08-10"}
    )
    _import(tmp_path, data)

    assert set(Article.objects.values_list("language", flat=True)) == {"en"}
    assert not Article.objects.filter(translation_key__isnull=False).exists()
    series = Series.objects.get()
    assert (series.name_en, series.name_ko) == ("IFANS Focus", "")
    assert (series.description_en, series.description_ko) == ("Analyses.", "")
    park = Author.objects.get(slug="park")
    assert (park.name_ko, park.name_en, park.title_ko, park.title_en) == (
        "박지원",
        "",
        "연구위원",
        "",
    )


def test_version_1_file_keeps_an_existing_articles_language_and_other_names(tmp_path):
    _import(tmp_path, _v2(_article("summit", "ko"), series=[_bilingual_series()]))
    data = exchange_data()
    data["articles"] = [_article("summit")]
    _import(tmp_path, data)

    assert _get("summit").language == "ko"
    series = Series.objects.get()
    assert (series.name_en, series.name_ko) == ("IFANS Focus", "IFANS 포커스")


# --- version 2 imports ------------------------------------------------------------


def _bilingual_series(**fields):
    return {"slug": "ifans-focus", "name": {"en": "IFANS Focus", "ko": "IFANS 포커스"}} | fields


def test_languages_and_translation_pairs_are_imported(tmp_path):
    report = _import(
        tmp_path,
        _v2(
            _article("summit", "en", "biden-putin"),
            _article("summit-ko", "ko", "biden-putin", title="바이든-푸틴 정상회담 분석"),
            _article("g7", translation="g7"),  # no language: English
            _article("g7-ko", "ko", "g7"),
            _article("alone", "ko"),
        ),
    )

    assert report.get("articles", "created") == 5
    summit, summit_ko = _get("summit"), _get("summit-ko")
    assert (summit.language, summit_ko.language) == ("en", "ko")
    assert summit.translation_key is not None
    assert summit.translation_key == summit_ko.translation_key
    assert list(summit.translations()) == [summit_ko]
    assert summit_ko.translation() == summit  # what the pages link to
    assert _get("g7").language == "en"
    assert list(_get("g7").translations()) == [_get("g7-ko")]
    assert _get("g7").translation_key != summit.translation_key
    assert _get("alone").translation_key is None


def test_names_as_a_string_are_the_same_in_both_languages_and_objects_per_language(tmp_path):
    _import(
        tmp_path,
        _v2(
            _article("summit", "en"),
            series=[_bilingual_series(description="Analyses. 분석.")],
            authors=[
                {
                    "slug": "lee-taerim",
                    "name": {"ko": "이태림", "en": "LEE TaeRim"},
                    "title": {"ko": "교수"},
                    "bio": "Bio",
                }
            ],
        ),
    )

    series = Series.objects.get()
    assert (series.name_en, series.name_ko) == ("IFANS Focus", "IFANS 포커스")
    assert (series.description_en, series.description_ko) == ("Analyses. 분석.", "Analyses. 분석.")
    lee = Author.objects.get()
    assert (lee.name_ko, lee.name_en) == ("이태림", "LEE TaeRim")
    assert (lee.title_ko, lee.title_en) == ("교수", "")
    assert (lee.bio_ko, lee.bio_en) == ("Bio", "Bio")


def test_a_name_object_replaces_every_language(tmp_path):
    _import(tmp_path, _v2(series=[_bilingual_series()]))
    _import(tmp_path, _v2(series=[{"slug": "ifans-focus", "name": {"en": "Focus"}}]))
    series = Series.objects.get()
    assert (series.name_en, series.name_ko) == ("Focus", "")


def test_importing_a_version_2_file_twice_changes_nothing(tmp_path):
    data = _v2(
        _article("summit", "en", "biden-putin"),
        _article("summit-ko", "ko", "biden-putin"),
        series=[_bilingual_series()],
    )
    _import(tmp_path, data)
    before = snapshot()
    report = _import(tmp_path, data)
    assert not report.changed
    assert snapshot() == before


def test_a_key_links_articles_of_different_files(tmp_path):
    _import(tmp_path, _v2(_article("summit", "en", "biden-putin")), name="english.json")
    _import(tmp_path, _v2(_article("summit-ko", "ko", "biden-putin")), name="korean.json")
    assert list(_get("summit").translations()) == [_get("summit-ko")]


def test_articles_linked_in_the_admin_keep_their_key(tmp_path):
    series = SeriesFactory(slug="ifans-focus")
    english = ArticleFactory(series=series, slug="summit", language="en")
    korean = ArticleFactory(series=series, slug="summit-ko", language="ko")
    translations.link(english, korean)
    key = Article.objects.get(pk=english.pk).translation_key

    _import(tmp_path, _v2(_article("summit", "en", "any"), _article("summit-ko", "ko", "any")))

    assert set(Article.objects.values_list("translation_key", flat=True)) == {key}


def test_an_article_given_alone_under_its_key_stays_with_its_translation(tmp_path):
    _import(tmp_path, _v2(_article("summit", "en", "k"), _article("summit-ko", "ko", "k")))
    _import(tmp_path, _v2(_article("summit", "en", "another-name")))
    assert list(_get("summit").translations()) == [_get("summit-ko")]


def test_partners_can_be_exchanged_in_one_import(tmp_path):
    """Two articles trading groups would collide row by row: they leave their groups first."""
    _import(
        tmp_path,
        _v2(
            _article("a", "en", "one"),
            _article("x", "ko", "one"),
            _article("b", "en", "two"),
            _article("y", "ko", "two"),
        ),
    )
    _import(
        tmp_path,
        _v2(
            _article("a", "en", "one"),
            _article("y", "ko", "one"),
            _article("b", "en", "two"),
            _article("x", "ko", "two"),
        ),
    )
    assert list(_get("a").translations()) == [_get("y")]
    assert list(_get("b").translations()) == [_get("x")]


def test_an_article_and_its_translation_can_trade_languages(tmp_path):
    _import(tmp_path, _v2(_article("a", "en", "k"), _article("b", "ko", "k")))
    _import(tmp_path, _v2(_article("a", "ko"), _article("b", "en")))
    a, b = _get("a"), _get("b")
    assert (a.language, b.language) == ("ko", "en")
    assert list(a.translations()) == [b]


def test_dry_run_of_languages_writes_nothing(tmp_path):
    data = _v2(_article("summit", "en", "k"), _article("summit-ko", "ko", "k"))
    before = snapshot()
    report = import_file(write_exchange(tmp_path, data), dry_run=True)
    assert report.get("articles", "created") == 2
    assert snapshot() == before


# --- errors ----------------------------------------------------------------------


def _with_series_name(name):
    return _v2(_article("summit", "en"), series=[{"slug": "ifans-focus", "name": name}])


ERRORS = {
    "unknown language": (
        _v2(_article("summit", "fr")),
        ['articles[0].language: must be "ko" or "en", got "fr"'],
    ),
    "language not a string": (
        _v2(_article("summit", ["ko"], "k"), _article("summit-ko", {"ko": 1}, "k")),
        [
            'articles[0].language: must be "ko" or "en", got ["ko"]',
            'articles[1].language: must be "ko" or "en", got {"ko": 1}',
        ],
    ),
    "two articles of one language under one key": (
        _v2(_article("a", "en", "k"), _article("b", "ko", "k"), _article("c", "ko", "k")),
        [
            'articles[2].translation: a second "ko" article in translation "k" '
            "(at most one per language), also articles[1]"
        ],
    ),
    "two English articles, one by default": (
        _v2(_article("a", translation="k"), _article("b", "en", "k")),
        [
            'articles[1].translation: a second "en" article in translation "k" '
            "(at most one per language), also articles[0]"
        ],
    ),
    "translation key not a string": (
        _v2(_article("a", "en", 7)),
        ["articles[0].translation: expected a string, got 7"],
    ),
    "empty translation key": (
        _v2(_article("a", "en", " ")),
        ["articles[0].translation: must not be empty"],
    ),
    "name in an unknown language": (
        _with_series_name({"en": "IFANS Focus", "fr": "Focus IFANS"}),
        ['series[0].name.fr: unknown language (expected "ko" or "en")'],
    ),
    "name in a language, not a string": (
        _with_series_name({"en": "IFANS Focus", "ko": 3}),
        ["series[0].name.ko: expected a string, got 3"],
    ),
    "name object with no name in it": (
        _with_series_name({"en": "", "ko": " "}),
        ["series[0].name: required in at least one language"],
    ),
    "empty name object": (
        _with_series_name({}),
        ["series[0].name: required in at least one language"],
    ),
    "name neither string nor object": (
        _with_series_name(["IFANS Focus"]),
        [
            "series[0].name: expected a string or an object keyed by language code, "
            'got ["IFANS Focus"]'
        ],
    ),
    "name missing": (
        _v2(_article("summit", "en"), series=[{"slug": "ifans-focus"}]),
        ["series[0].name: required"],
    ),
    "author fields in an unknown language, a name too long": (
        _v2(
            authors=[
                {
                    "slug": "lee-taerim",
                    "name": {"ko": "이" * 121},
                    "title": {"de": "Professor"},
                    "bio": {"en": None},
                }
            ]
        ),
        [
            "authors[0].name.ko: too long (121 characters, at most 120)",
            'authors[0].title.de: unknown language (expected "ko" or "en")',
            "authors[0].bio.en: expected a string, got null",
        ],
    ),
}


@pytest.mark.parametrize("data, problems", ERRORS.values(), ids=ERRORS.keys())
def test_bad_version_2_values_are_named_by_place_and_nothing_is_written(tmp_path, data, problems):
    SeriesFactory(slug="ifans-focus", name="IFANS Focus")  # what the articles refer to
    assert _rejected(tmp_path, data) == problems


def test_version_1_file_refuses_version_2_fields(tmp_path):
    data = exchange_data()
    data["series"][0]["name"] = {"en": "IFANS Focus"}
    data["articles"][0].update(language="ko", translation="k")
    assert _rejected(tmp_path, data) == [
        'series[0].name: expected a string, got {"en": "IFANS Focus"}',
        f'articles[0].language: a version 2 field: the format must be "{V2}"',
        f'articles[0].translation: a version 2 field: the format must be "{V2}"',
    ]


def test_a_key_whose_language_is_taken_in_the_database_is_refused(tmp_path):
    _import(tmp_path, _v2(_article("summit", "en", "k"), _article("summit-ko", "ko", "k")))
    assert _rejected(tmp_path, _v2(_article("other-ko", "ko", "k"))) == [
        'articles[0].translation: translation "k" already has a "ko" article in the database: '
        '"ifans-focus/summit-ko" (at most one per language)'
    ]


def test_a_language_taken_by_the_translation_in_the_database_is_refused(tmp_path):
    _import(tmp_path, _v2(_article("summit", "en", "k"), _article("summit-ko", "ko", "k")))
    assert _rejected(tmp_path, _v2(_article("summit", "ko"))) == [
        'articles[0].language: its translation group already has a "ko" article in the '
        'database: "ifans-focus/summit-ko" (at most one per language)'
    ]


# --- export ----------------------------------------------------------------------


def _read(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _named(factory, **fields):
    """A series or author with its per-language fields set as given."""
    instance = factory(slug=fields.pop("slug"))
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.save()
    return instance


def test_export_writes_version_2_with_languages_translations_and_names(tmp_path):
    focus = _named(
        SeriesFactory,
        slug="ifans-focus",
        name_en="IFANS Focus",
        name_ko="IFANS 포커스",
        description_en="Analyses.",
        description_ko="Analyses.",
    )
    lee = _named(
        AuthorFactory,
        slug="lee-taerim",
        name_en="LEE TaeRim",
        name_ko="이태림",
        title_en="Professor",
        title_ko="교수",
        bio_en="",
        bio_ko="국립외교원 교수.",
    )
    english = ArticleFactory(series=focus, slug="summit", language="en", authors=[lee])
    korean = ArticleFactory(series=focus, slug="summit-ko", language="ko", authors=[lee])
    ArticleFactory(series=focus, slug="alone", language="ko")
    translations.link(english, korean)

    export_file(tmp_path / "publications.json")

    data = _read(tmp_path / "publications.json")
    assert data["format"] == V2
    series = data["series"][0]
    assert series["name"] == {"ko": "IFANS 포커스", "en": "IFANS Focus"}
    assert series["description"] == "Analyses."  # the same in both languages: a string
    author = data["authors"][0]
    assert author["name"] == {"ko": "이태림", "en": "LEE TaeRim"}
    assert author["title"] == {"ko": "교수", "en": "Professor"}
    assert author["bio"] == {"ko": "국립외교원 교수."}  # only the languages that have one
    articles = {a["slug"]: a for a in data["articles"]}
    assert {slug: a["language"] for slug, a in articles.items()} == {
        "summit": "en",
        "summit-ko": "ko",
        "alone": "ko",
    }
    assert articles["summit"]["translation"] == articles["summit-ko"]["translation"]
    assert articles["summit"]["translation"] == "ifans-focus/summit"
    assert "translation" not in articles["alone"]


def test_export_then_import_elsewhere_keeps_the_pairs_and_writes_the_same_file(tmp_path):
    focus = _named(SeriesFactory, slug="ifans-focus", name_en="IFANS Focus", name_ko="IFANS 포커스")
    # The Korean original was written first: the names must not depend on the order.
    korean = ArticleFactory(series=focus, slug="summit-ko", language="ko")
    english = ArticleFactory(series=focus, slug="summit", language="en")
    translations.link(korean, english)
    export_file(tmp_path / "first" / "publications.json")

    Article.objects.all().delete()
    Series.objects.all().delete()
    Author.objects.all().delete()
    import_file(tmp_path / "first" / "publications.json")
    assert list(_get("summit").translations()) == [_get("summit-ko")]
    export_file(tmp_path / "second" / "publications.json")

    first = _read(tmp_path / "first" / "publications.json")
    assert _read(tmp_path / "second" / "publications.json") == first

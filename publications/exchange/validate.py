"""Reading and checking an exchange file: everything that can be wrong is found here.

`read(path)` returns a `Plan` of plain, checked values, or raises ExchangeError
listing every problem by its place (`articles[3].published: not a date`). It
writes nothing: it only reads the file, the attachments it names and the
database rows that references may point to.

Optional fields a record leaves out are left out of the plan too (see
`load.apply` for what that means on update).

Both versions of the format are read. Version 2 adds an article's `language`
and `translation` key, and names given per language; a version 1 file is read
as it always was: its new articles are English, and each name is stored as
the name in the language it is written in (as migration 0007 moved the names
of a site made before version 2).
"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_unicode_slug

from ..languages import language_of_text
from ..models import Article, Attachment, Author, Series, unicode_slug
from ..validators import doi_problem, normalize_doi, reserved_slug_problem
from .errors import Problems
from .fields import (
    Place,
    attachment_file,
    check_keys,
    image_file,
    in_languages,
    integer,
    published_at,
    string,
    string_list,
)
from .plan import ArticleItem, AttachmentItem, CoverItem, Plan, RecordItem
from .translations import resolve_translations

VERSION_1 = "thinktank-publications/1"
FORMAT = "thinktank-publications/2"  # what the exporter writes
VERSIONS = {VERSION_1: 1, FORMAT: 2}
TOP_KEYS = {"format", "series", "authors", "articles"}
SERIES_KEYS = {"slug", "name", "description", "position"}
AUTHOR_KEYS = {"slug", "name", "title", "bio"}
ARTICLE_KEYS = {
    "series", "slug", "title", "authors", "published", "status", "hits",
    "summary", "body_html", "tags", "attachments",
}  # fmt: skip
# Version 2 only; doi, number and cover are for citation (publications/citations/).
VERSION_2_ARTICLE_KEYS = {"language", "translation", "doi", "number", "cover"}
ATTACHMENT_KEYS = {"title", "file"}
STATUSES = [choice.value for choice in Article.Status]
LANGUAGES = [code for code, _ in Article.LANGUAGES]
DEFAULT_LANGUAGE = "en"  # of a new article the file gives no language (every version 1 one)
TAG_MAX_LENGTH = 100  # taggit's Tag.name
TRANSLATION_KEY_MAX_LENGTH = 200


def _max(model, field):
    return model._meta.get_field(field).max_length


def read(path):
    """Parse and check the exchange file at `path`; return its Plan or raise ExchangeError."""
    path = Path(path)
    problems = Problems()
    data = _load_json(path, problems)
    problems.raise_if_any()
    if not isinstance(data, dict):
        problems.add("(top level)", f"expected an object, got {_kind(data)}")
        problems.raise_if_any()

    check_keys(data, Place(""), TOP_KEYS, problems)
    version = _version(data, problems)

    plan = Plan(base=path.resolve().parent)
    plan.series = _records(data, "series", SERIES_KEYS, _series, Series, version, problems)
    plan.authors = _records(data, "authors", AUTHOR_KEYS, _author, Author, version, problems)
    for index, raw in enumerate(_list(data, "articles", problems)):
        item = _article(raw, Place("articles", index), plan.base, version, problems)
        if item is not None:
            plan.articles.append(item)
    _check_references(plan, problems)
    _check_duplicate_articles(plan, problems)
    resolve_translations(plan.articles, DEFAULT_LANGUAGE, problems)
    problems.raise_if_any()
    return plan


def _version(data, problems):
    """1 or 2; a missing or unknown format is reported, and the rest read as version 2."""
    expected = " or ".join(f'"{name}"' for name in VERSIONS)
    if "format" not in data:
        problems.add("format", f"required; must be {expected}")
    elif not isinstance(data["format"], str) or data["format"] not in VERSIONS:
        shown = json.dumps(data["format"], ensure_ascii=False)
        problems.add("format", f"must be {expected}, got {shown}")
    else:
        return VERSIONS[data["format"]]
    return 2


def _load_json(path, problems):
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.add(str(path), "no such file")
    except IsADirectoryError:
        problems.add(str(path), "is a folder, not a file")
    except UnicodeDecodeError as exc:
        problems.add(str(path), f"not UTF-8 text ({exc.reason} at byte {exc.start})")
    except OSError as exc:
        problems.add(str(path), f"cannot be read ({exc.strerror})")
    else:
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            problems.add(
                "(file)", f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
            )
    return None


def _kind(value):
    return {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _list(data, key, problems):
    value = data.get(key, [])
    if not isinstance(value, list):
        problems.add(key, f"expected a list, got {_kind(value)}")
        return []
    return value


def _slug(value, place, problems, max_length, required=True):
    if value is None and not required:
        return None
    slug = string(value, place, problems, max_length=max_length, blank=False)
    if slug is None:
        return None
    try:
        validate_unicode_slug(slug)
    except ValidationError:
        problems.add(place, f"not a valid slug: {json.dumps(slug, ensure_ascii=False)}")
        return None
    return slug


def _records(data, key, allowed, build, model, version, problems):
    """Series or authors: checked items keyed by slug, each slug once."""
    items, first_place = [], {}
    for index, raw in enumerate(_list(data, key, problems)):
        place = Place(key, index)
        if not isinstance(raw, dict):
            problems.add(place, f"expected an object, got {_kind(raw)}")
            continue
        check_keys(raw, place, allowed, problems)
        slug = _slug(raw.get("slug"), place.at("slug"), problems, _max(model, "slug"))
        fields = build(raw, place, version, problems)
        if slug is None:
            continue
        if slug in first_place:
            problems.add(place.at("slug"), f'duplicate "{slug}", also {first_place[slug]}')
            continue
        first_place[slug] = place
        items.append(RecordItem(place=place, slug=slug, fields=fields))
    return items


def _translated(raw, key, place, model, version, problems, required=False, multiline=True):
    """`{key}_ko`, `{key}_en` fields from a name given once or per language (version 2).

    A version 1 text is the text in the language it is written in; the
    other language's field is left as it is.
    """
    field = model._meta.get_field(f"{key}_{LANGUAGES[0]}")
    texts = in_languages(
        raw.get(key),
        place.at(key),
        problems,
        LANGUAGES,
        max_length=field.max_length,
        required=required,
        multiline=multiline,
        by_language=version >= 2,
    )
    if texts is None:
        return {}
    if version < 2:
        text = texts[LANGUAGES[0]]
        texts = {language_of_text(text): text}
    return {f"{key}_{code}": text for code, text in texts.items()}


def _series(raw, place, version, problems):
    fields = _translated(
        raw, "name", place, Series, version, problems, required=True, multiline=False
    )
    if "description" in raw:
        fields |= _translated(raw, "description", place, Series, version, problems)
    if "position" in raw:
        fields["position"] = integer(raw["position"], place.at("position"), problems, 32767)
    return fields


def _author(raw, place, version, problems):
    fields = _translated(
        raw, "name", place, Author, version, problems, required=True, multiline=False
    )
    if "title" in raw:
        fields |= _translated(raw, "title", place, Author, version, problems, multiline=False)
    if "bio" in raw:
        fields |= _translated(raw, "bio", place, Author, version, problems)
    return fields


def _article(raw, place, base, version, problems):
    if not isinstance(raw, dict):
        problems.add(place, f"expected an object, got {_kind(raw)}")
        return None
    check_keys(raw, place, ARTICLE_KEYS | VERSION_2_ARTICLE_KEYS, problems)
    series = _slug(raw.get("series"), place.at("series"), problems, _max(Series, "slug"))
    title = string(
        raw.get("title"),
        place.at("title"),
        problems,
        _max(Article, "title"),
        blank=False,
        multiline=False,
    )
    slug_max = _max(Article, "slug")
    if raw.get("slug") is None:
        # Missing slug: derived from the title the same way the model would,
        # Korean letters kept, so the import knows the key before saving.
        slug = unicode_slug(title, max_length=slug_max) if title else None
    else:
        slug = _slug(raw["slug"], place.at("slug"), problems, slug_max)
        if slug is not None and reserved_slug_problem(slug):
            problems.add(place.at("slug"), reserved_slug_problem(slug))
            slug = None
    fields = {"title": title}
    translation = _language_fields(raw, place, version, fields, problems)
    if "published" not in raw:
        problems.add(place.at("published"), "required (ISO 8601 date or date-time)")
    else:
        fields["published_at"] = published_at(raw["published"], place.at("published"), problems)
    if "status" in raw:
        status = raw["status"]
        if status not in STATUSES:
            shown = json.dumps(status, ensure_ascii=False)
            problems.add(place.at("status"), f'must be "draft" or "published", got {shown}')
        fields["status"] = status
    if "hits" in raw:
        fields["hits"] = integer(raw["hits"], place.at("hits"), problems)
    if "summary" in raw:
        fields["summary"] = string(raw["summary"], place.at("summary"), problems)
    if "body_html" in raw:
        fields["body"] = string(raw["body_html"], place.at("body_html"), problems)
    if version >= 2:  # in version 1 they were reported as version 2 fields
        _citation_fields(raw, place, problems, fields)
    item = ArticleItem(place=place, series=series, slug=slug, fields=fields)
    if version >= 2 and "cover" in raw:
        if raw["cover"] is None:
            item.remove_cover = True
        else:
            checked = image_file(raw["cover"], place.at("cover"), base, problems)
            item.cover = CoverItem(**checked) if checked else None
    if "authors" in raw:
        item.authors = string_list(raw["authors"], place.at("authors"), problems, slugs=True)
    if "tags" in raw:
        item.tags = string_list(raw["tags"], place.at("tags"), problems, TAG_MAX_LENGTH)
    if "attachments" in raw:
        item.attachments = _attachments(raw["attachments"], place.at("attachments"), base, problems)
    item.translation = translation
    return item


def _language_fields(raw, place, version, fields, problems):
    """Check `language` (into `fields`) and return the `translation` key (version 2)."""
    if version < 2:
        for key in sorted(VERSION_2_ARTICLE_KEYS & raw.keys()):
            problems.add(place.at(key), f'a version 2 field: the format must be "{FORMAT}"')
        return None
    if "language" in raw:
        language = raw["language"]
        if language not in LANGUAGES:
            expected = " or ".join(f'"{code}"' for code in LANGUAGES)
            shown = json.dumps(language, ensure_ascii=False)
            problems.add(place.at("language"), f"must be {expected}, got {shown}")
            language = None  # like every value that failed its check
        fields["language"] = language
    if "translation" not in raw:
        return None
    return string(
        raw["translation"],
        place.at("translation"),
        problems,
        TRANSLATION_KEY_MAX_LENGTH,
        blank=False,
        multiline=False,
    )


def _citation_fields(raw, place, problems, fields):
    """doi and number (version 2, optional): stored as the admin stores them."""
    if "doi" in raw:
        doi = string(raw["doi"], place.at("doi"), problems, _max(Article, "doi"), multiline=False)
        if doi is not None:
            doi = normalize_doi(doi)
            if doi_problem(doi):
                problems.add(place.at("doi"), doi_problem(doi))
        fields["doi"] = doi
    if "number" in raw:
        fields["number"] = string(
            raw["number"], place.at("number"), problems, _max(Article, "number"), multiline=False
        )


def _attachments(value, place, base, problems):
    if not isinstance(value, list):
        problems.add(place, f"expected a list, got {_kind(value)}")
        return None
    items = []
    for index, raw in enumerate(value):
        here = place.item(index)
        if not isinstance(raw, dict):
            problems.add(here, f"expected an object, got {_kind(raw)}")
            continue
        check_keys(raw, here, ATTACHMENT_KEYS, problems)
        title = string(
            raw.get("title"),
            here.at("title"),
            problems,
            _max(Attachment, "title"),
            blank=False,
            multiline=False,
        )
        checked = attachment_file(raw.get("file"), here.at("file"), base, problems)
        if title is not None and checked is not None:
            items.append(AttachmentItem(title=title, **checked))
    return items


def _check_references(plan, problems):
    """Series and authors must be in the file or already in the database."""
    series = {item.slug for item in plan.series}
    authors = {item.slug for item in plan.authors}
    wanted_series = {a.series for a in plan.articles if a.series} - series
    wanted_authors = {s for a in plan.articles for s in a.authors or []} - authors
    series |= set(Series.objects.filter(slug__in=wanted_series).values_list("slug", flat=True))
    authors |= set(Author.objects.filter(slug__in=wanted_authors).values_list("slug", flat=True))
    for article in plan.articles:
        if article.series and article.series not in series:
            problems.add(
                article.place.at("series"),
                f'unknown series "{article.series}" (not in this file nor in the database)',
            )
        for index, slug in enumerate(article.authors or []):
            if slug not in authors:
                problems.add(
                    article.place.at("authors").item(index),
                    f'unknown author "{slug}" (not in this file nor in the database)',
                )


def _check_duplicate_articles(plan, problems):
    first = {}
    for article in plan.articles:
        if not (article.series and article.slug):
            continue
        key = (article.series, article.slug)
        if key in first:
            problems.add(
                article.place.at("slug"),
                f'duplicate article (series "{key[0]}", slug "{key[1]}"), also {first[key]}',
            )
        else:
            first[key] = article.place

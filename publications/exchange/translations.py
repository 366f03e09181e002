"""Translation keys: the file's free `translation` strings as the database's UUIDs.

Articles that share a `translation` string in a file are translations of one
another. Each string becomes one `Article.translation_key`: the key its
articles already share in the database when they exist (so re-importing a
file keeps every group as it is), otherwise a UUID derived from the string
(so the same file gives the same keys in every database).

An article and its translations are at most one per language
(`article_one_translation_per_language`). That is checked here against what
the database will hold after the import, articles of the file and articles
outside it alike, so a conflict is reported by its place instead of failing
half-way through the write.
"""

import uuid

from ..models import Article

# Fixed forever: uuid5(NAMESPACE, "biden-putin") is the key of that string.
NAMESPACE = uuid.UUID("37209a37-512b-4262-ac75-b51c5d4920a0")


def resolve_translations(items, default_language, problems):
    """Set `fields["translation_key"]` of the ArticleItems that have (or keep) one."""
    stored = _stored(items)
    groups = {}
    for item in items:
        if item.translation is not None:
            groups.setdefault(item.translation, []).append(item)
    claimed = set()
    for text, members in groups.items():
        key = _choose_key(text, members, stored, claimed)
        claimed.add(key)
        for item in members:
            item.fields["translation_key"] = key
    for item in items:
        row = stored.get((item.series, item.slug))
        if item.translation is None and row and row["translation_key"]:
            item.fields["translation_key"] = row["translation_key"]  # kept as it is
    _check_one_per_language(items, stored, default_language, problems)


def _stored(items):
    """{(series slug, slug): row} of the file's articles the database already has."""
    wanted = {(item.series, item.slug) for item in items if item.series and item.slug}
    rows = Article.objects.filter(slug__in={slug for _, slug in wanted}).values(
        "series__slug", "slug", "language", "translation_key"
    )
    return {
        (row["series__slug"], row["slug"]): row
        for row in rows
        if (row["series__slug"], row["slug"]) in wanted
    }


def _choose_key(text, members, stored, claimed):
    candidates = [
        row["translation_key"]
        for row in (stored.get((item.series, item.slug)) for item in members)
        if row and row["translation_key"]
    ]
    candidates.append(uuid.uuid5(NAMESPACE, text))
    return next((key for key in candidates if key not in claimed), None) or uuid.uuid4()


def _group_name(item):
    if item.translation is not None:
        return f'translation "{item.translation}"'
    return "its translation group"


def _check_one_per_language(items, stored, default_language, problems):
    taken = {}  # (key, language) -> (item, place to report at)
    languages = {code for code, _ in Article.LANGUAGES}
    for item in items:
        key = item.fields.get("translation_key")
        row = stored.get((item.series, item.slug))
        language = item.fields.get("language", row["language"] if row else default_language)
        if key is None or language not in languages:
            continue
        place = item.place.at("translation" if item.translation is not None else "language")
        first = taken.get((key, language))
        if first is not None:
            problems.add(
                place,
                f'a second "{language}" article in {_group_name(item)} '
                f"(at most one per language), also {first[0].place}",
            )
            continue
        taken[(key, language)] = (item, place)
    in_file = {(item.series, item.slug) for item in items}
    outside = Article.objects.filter(translation_key__in={key for key, _ in taken}).values(
        "series__slug", "slug", "language", "translation_key"
    )
    for row in outside:
        if (row["series__slug"], row["slug"]) in in_file:
            continue
        first = taken.get((row["translation_key"], row["language"]))
        if first is not None:
            item, place = first
            problems.add(
                place,
                f'{_group_name(item)} already has a "{row["language"]}" article in the '
                f'database: "{row["series__slug"]}/{row["slug"]}" (at most one per language)',
            )

"""Bad exchange files: every problem named by its place, and nothing written."""

import os

import pytest
from django.core.management import CommandError, call_command

from publications.exchange import ExchangeError, import_file
from publications.exchange import load as load_module
from publications.models import Article
from tests.factories import SeriesFactory

from .exchange_support import exchange_data, media_files, snapshot, write_exchange

pytestmark = pytest.mark.django_db

ARTICLE = "articles[0]"
FILE = f"{ARTICLE}.attachments[0].file"
NOT_HERE = "(not in this file nor in the database)"
FORMATS = '"thinktank-publications/1" or "thinktank-publications/2"'


def _set(key, value):
    def change(data):
        data["articles"][0][key] = value

    return change


def _drop(key):
    def change(data):
        del data["articles"][0][key]

    return change


def _file(path):
    def change(data):
        data["articles"][0]["attachments"][0]["file"] = path

    return change


def _format(data):
    data["format"] = "thinktank-publications/3"


def _duplicate_article(data):
    data["articles"].append(dict(data["articles"][0], title="Another"))


def _unknown_author(data):
    data["articles"][0]["authors"] = ["lee-taerim", "ghost"]


def _wrong_types(data):
    data["articles"][0].update(title=12, summary=["x"], tags="a,b", authors={"x": 1})


CASES = {
    "bad format string": (
        _format,
        [f'format: must be {FORMATS}, got "thinktank-publications/3"'],
    ),
    "missing title": (_drop("title"), [f"{ARTICLE}.title: required"]),
    "NUL in a string": (
        _set("title", "Bad\x00title"),
        [f"{ARTICLE}.title: contains a NUL character"],
    ),
    "missing series": (_drop("series"), [f"{ARTICLE}.series: required"]),
    "missing published": (
        _drop("published"),
        [f"{ARTICLE}.published: required (ISO 8601 date or date-time)"],
    ),
    "not a date": (
        _set("published", "2021-13-45"),
        [f'{ARTICLE}.published: not a date: "2021-13-45"'],
    ),
    "date as a number": (
        _set("published", 20210727),
        [f"{ARTICLE}.published: not a date: 20210727"],
    ),
    "negative hits": (_set("hits", -1), [f"{ARTICLE}.hits: must not be negative, got -1"]),
    "string hits": (
        _set("hits", "12"),
        [f'{ARTICLE}.hits: expected a non-negative integer, got "12"'],
    ),
    "boolean hits": (
        _set("hits", True),
        [f"{ARTICLE}.hits: expected a non-negative integer, got true"],
    ),
    "float hits": (
        _set("hits", 1.5),
        [f"{ARTICLE}.hits: expected a non-negative integer, got 1.5"],
    ),
    "bad status": (
        _set("status", "public"),
        [f'{ARTICLE}.status: must be "draft" or "published", got "public"'],
    ),
    "unknown series": (
        _set("series", "nope"),
        [f'{ARTICLE}.series: unknown series "nope" {NOT_HERE}'],
    ),
    "unknown author": (
        _unknown_author,
        [f'{ARTICLE}.authors[1]: unknown author "ghost" {NOT_HERE}'],
    ),
    "dot-dot path": (
        _file("files/../../secret.pdf"),
        [f"{FILE}: path leaves the JSON file's folder (..)"],
    ),
    "absolute path": (
        _file("/etc/passwd"),
        [f"{FILE}: absolute paths are not allowed; give a path relative to the JSON file's folder"],
    ),
    "missing attachment file": (
        _file("files/missing.pdf"),
        [f"{FILE}: no such file: files/missing.pdf"],
    ),
    "wrong content type": (
        _file("files/fake.pdf"),
        [f"{FILE}: The file's content is not a PDF document."],
    ),
    "disallowed extension": (
        _file("files/notes.txt"),
        [f"{FILE}: Only these file types can be attached: DOCX, HWP, HWPX, PDF, PPTX, XLSX."],
    ),
    "duplicate article key": (
        _duplicate_article,
        [
            'articles[1].slug: duplicate article (series "ifans-focus", '
            'slug "an-analysis-of-the-biden-putin-summit"), also articles[0]'
        ],
    ),
    "unknown field": (_set("body", "<p>x</p>"), [f"{ARTICLE}.body: unknown field"]),
    "bad slug": (_set("slug", "has space"), [f'{ARTICLE}.slug: not a valid slug: "has space"']),
    "wrong field types": (
        _wrong_types,
        [
            f"{ARTICLE}.title: expected a string, got 12",
            f'{ARTICLE}.authors: expected a list of strings, got {{"x": 1}}',
            f'{ARTICLE}.summary: expected a string, got ["x"]',
            f'{ARTICLE}.tags: expected a list of strings, got "a,b"',
        ],
    ),
}


@pytest.fixture
def existing():
    """A record a valid import would update: proves an invalid one leaves it alone."""
    return SeriesFactory(slug="ifans-focus", name="Old name")


def _write_bad(folder, change):
    data = exchange_data()
    change(data)
    path = write_exchange(folder, data)
    (folder / "files" / "fake.pdf").write_text("<html>not a pdf</html>")
    (folder / "files" / "notes.txt").write_text("plain text")
    return path


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_file_is_rejected_with_named_problems_and_nothing_written(tmp_path, existing, case):
    change, expected = CASES[case]
    path = _write_bad(tmp_path, change)
    before = snapshot()

    with pytest.raises(ExchangeError) as caught:
        import_file(path)

    assert sorted(caught.value.problems) == sorted(expected)
    assert snapshot() == before
    assert media_files() == {}


def test_all_problems_are_reported_not_just_the_first(tmp_path):
    data = exchange_data()
    data["articles"] += [
        {"series": "ifans-focus", "title": f"Ok {n}", "published": "2021-01-0" + str(n)}
        for n in (1, 2)
    ]
    data["articles"].append({"series": "ifans-focus", "title": "Bad", "published": "yesterday"})
    data["articles"][0]["hits"] = -5
    data["authors"][1]["name"] = ""
    path = write_exchange(tmp_path, data)

    with pytest.raises(ExchangeError) as caught:
        import_file(path)

    assert caught.value.problems == [
        "authors[1].name: must not be empty",
        "articles[0].hits: must not be negative, got -5",
        'articles[3].published: not a date: "yesterday"',
    ]
    assert not Article.objects.exists()


def test_malformed_json(tmp_path):
    path = write_exchange(tmp_path, '{"format": "thinktank-publications/1",}')
    with pytest.raises(ExchangeError) as caught:
        import_file(path)
    assert caught.value.problems == [
        "(file): malformed JSON: Expecting property name enclosed in double quotes "
        "at line 1 column 39"
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[]", "(top level): expected an object, got a list"),
        ('"x"', "(top level): expected an object, got a string"),
        (
            '{"format": "thinktank-publications/1", "articles": {}}',
            "articles: expected a list, got an object",
        ),
        ('{"articles": []}', f"format: required; must be {FORMATS}"),
        (
            '{"format": "thinktank-publications/1", "articles": [3]}',
            "articles[0]: expected an object, got a number",
        ),
    ],
)
def test_wrong_top_level_shapes(tmp_path, text, problem):
    with pytest.raises(ExchangeError) as caught:
        import_file(write_exchange(tmp_path, text))
    assert caught.value.problems == [problem]


def test_missing_json_file(tmp_path):
    with pytest.raises(ExchangeError) as caught:
        import_file(tmp_path / "absent.json")
    assert caught.value.problems == [f"{tmp_path / 'absent.json'}: no such file"]


def test_symlink_leaving_the_folder_is_refused(tmp_path):
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(b"%PDF-1.4 secret")
    folder = tmp_path / "export"
    data = exchange_data()
    data["articles"][0]["attachments"][0]["file"] = "files/link.pdf"
    path = write_exchange(folder, data)
    os.symlink(outside, folder / "files" / "link.pdf")

    with pytest.raises(ExchangeError) as caught:
        import_file(path)

    assert caught.value.problems == [
        f"{FILE}: path leaves the JSON file's folder (through a symbolic link)"
    ]
    assert media_files() == {}


def test_duplicate_series_and_author_slugs(tmp_path):
    data = exchange_data()
    data["series"].append({"slug": "ifans-focus", "name": "Again"})
    data["articles"][0]["authors"] = ["lee-taerim", "lee-taerim"]
    with pytest.raises(ExchangeError) as caught:
        import_file(write_exchange(tmp_path, data))
    assert caught.value.problems == [
        'series[1].slug: duplicate "ifans-focus", also series[0]',
        'articles[0].authors[1]: duplicate "lee-taerim", also articles[0].authors[0]',
    ]


def test_failure_while_writing_rolls_back_rows_and_files(tmp_path, existing, monkeypatch):
    """Even a failure after attachments were stored leaves no row and no file."""
    data = exchange_data()
    data["articles"].append(dict(data["articles"][0], slug="second", title="Second"))
    path = write_exchange(tmp_path, data)
    before = snapshot()
    calls = []
    real_sync_tags = load_module._sync_tags

    def failing_sync_tags(article, item, created):
        calls.append(item.slug)
        if len(calls) == 2:
            raise RuntimeError("simulated crash")
        return real_sync_tags(article, item, created)

    monkeypatch.setattr(load_module, "_sync_tags", failing_sync_tags)
    with pytest.raises(RuntimeError):
        import_file(path)

    assert snapshot() == before
    assert media_files() == {}


def test_import_command_fails_with_each_problem(tmp_path, existing):
    path = _write_bad(tmp_path, _set("hits", -1))
    with pytest.raises(CommandError) as caught:
        call_command("import_publications", str(path))
    message = str(caught.value)
    assert f"{path}: 1 problem, nothing imported:" in message
    assert "articles[0].hits: must not be negative, got -1" in message
    assert not Article.objects.exists()


def test_import_command_exits_non_zero(tmp_path, capsys):
    """Run like the shell would: a bad file means a non-zero exit status, no traceback."""
    from django.core.management import ManagementUtility

    path = write_exchange(tmp_path, "[1, 2")
    with pytest.raises(SystemExit) as caught:
        ManagementUtility(["manage.py", "import_publications", str(path)]).execute()
    assert caught.value.code != 0
    err = capsys.readouterr().err
    assert "(file): malformed JSON" in err
    assert "Traceback" not in err


def test_dry_run_of_a_bad_file_fails_too(tmp_path):
    path = _write_bad(tmp_path, _set("status", "x"))
    with pytest.raises(CommandError):
        call_command("import_publications", str(path), "--dry-run")

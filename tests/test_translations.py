"""The Korean catalogue is complete: every message of the templates and code is translated.

`makemessages` (xgettext, from Debian's gettext) collects the messages into a
scratch copy of the project's locale folder; any message missing from the
committed django.po, left empty, or marked fuzzy fails the test, and so does
a django.mo that was not compiled from the current django.po.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "ko" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")


def _collected_messages(tmp_path):
    """The messages makemessages finds in the project today, as a polib catalogue."""
    if not shutil.which("xgettext"):
        pytest.fail("xgettext (Debian package gettext) is needed: bin/system-deps installs it")
    scratch = tmp_path / "project"
    shutil.copytree(
        ROOT,
        scratch,
        ignore=shutil.ignore_patterns(
            ".venv", "var", "node_modules", ".git", "tests", "bench", "locale", "*.pyc"
        ),
    )
    (scratch / "locale").mkdir()  # makemessages writes into LOCALE_PATHS
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ko", "--no-location", "-v0"],
        cwd=scratch,
        check=True,
        env={"SECRET_KEY": "x", "PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": ""},
    )
    return polib.pofile(str(scratch / "locale" / "ko" / "LC_MESSAGES" / "django.po"))


def _key(entry):
    return (entry.msgctxt, entry.msgid)


def test_every_message_in_templates_and_code_has_a_korean_translation(tmp_path):
    committed = {_key(e): e for e in polib.pofile(str(CATALOGUE)) if not e.obsolete}
    found = _collected_messages(tmp_path)
    assert len(found) > 100, "makemessages found too few messages: is it looking?"
    missing = [e.msgid for e in found if _key(e) not in committed]
    untranslated = [
        e.msgid for e in found if _key(e) in committed and not committed[_key(e)].translated()
    ]
    assert missing == [], "messages not in locale/ko/LC_MESSAGES/django.po (make messages)"
    assert untranslated == [], "messages untranslated or fuzzy in django.po"


def test_catalogue_has_no_fuzzy_or_empty_entries():
    catalogue = polib.pofile(str(CATALOGUE))
    assert catalogue.fuzzy_entries() == []
    assert catalogue.untranslated_entries() == []


def test_compiled_catalogue_matches_the_source():
    source = {_key(e): (e.msgstr or e.msgstr_plural.get(0)) for e in polib.pofile(str(CATALOGUE))}
    compiled = {
        _key(e): (e.msgstr or e.msgstr_plural.get(0))
        for e in polib.mofile(str(COMPILED))
        if e.msgid
    }
    source = {key: text for key, text in source.items() if key[1] and text}
    assert compiled == source, "django.mo is stale: run `make messages`"

"""Zip-based attachments (HWPX, DOCX, XLSX, PPTX) are checked without inflating them.

The penetration test's bomb: a 400 KB .hwpx whose "mimetype" entry inflates to
400 MB. Its check read the whole entry, and the web process grew by 800 MB.
"""

import contextlib
import io
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from publications import uploads
from publications.exchange import ExchangeError, import_file
from publications.models import Attachment
from tests.publications.exchange_support import exchange_data, write_exchange

INFLATED_MB = 400
MEMORY_BOUND = 16 * 1024 * 1024  # far below what inflating any entry would take


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    """A real zip bomb on disk: an HWPX whose mimetype entry is 400 MB of zeros."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.hwpx"
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("mimetype", "w", force_zip64=True) as entry,
    ):
        entry.write(b"application/hwp+zip")
        chunk = bytes(1024 * 1024)
        for _ in range(INFLATED_MB):
            entry.write(chunk)
    assert path.stat().st_size < 1024 * 1024  # small on disk ...
    with zipfile.ZipFile(path) as archive:  # ... huge inflated
        assert archive.getinfo("mimetype").file_size > INFLATED_MB * 1024 * 1024
    return path


def _peak_while(check):
    tracemalloc.start()
    try:
        try:
            check()
        finally:
            peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak


def test_hwpx_zip_bomb_is_refused_with_a_clear_message_in_bounded_memory(bomb):
    upload = SimpleUploadedFile("report.hwpx", bomb.read_bytes())
    caught = []

    def check():
        with pytest.raises(ValidationError) as error:
            uploads.validate_attachment(upload)
        caught.append(error.value)

    peak = _peak_while(check)
    assert caught[0].code == "archive_too_large"
    assert "zip bomb" in caught[0].messages[0]
    assert peak < MEMORY_BOUND


@pytest.mark.parametrize("extension", ["hwpx", "docx", "xlsx", "pptx"])
def test_an_entry_is_never_inflated_whole_even_under_the_size_cap(bomb, monkeypatch, extension):
    # With the cap out of the way, what is left is how much each check reads.
    big = 10 * INFLATED_MB * 1024 * 1024
    monkeypatch.setattr(uploads, "ARCHIVE_MAX_UNCOMPRESSED", big, raising=False)
    upload = SimpleUploadedFile(f"report.{extension}", bomb.read_bytes())

    def check():
        with contextlib.suppress(ValidationError):  # only an HWPX is what it claims to be
            uploads.validate_attachment(upload)

    assert _peak_while(check) < MEMORY_BOUND


def test_archive_with_too_many_entries_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "ARCHIVE_MAX_ENTRIES", 50)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for n in range(60):
            archive.writestr(f"word/part{n}.xml", "")
    with pytest.raises(ValidationError) as caught:
        uploads.validate_attachment(SimpleUploadedFile("many.docx", buffer.getvalue()))
    assert caught.value.code == "archive_too_large"


def test_importer_refuses_the_bomb_with_the_same_message(db, tmp_path, bomb):
    data = exchange_data()
    data["articles"][0]["attachments"] = [{"title": "Bomb", "file": "files/bomb.hwpx"}]
    path = write_exchange(tmp_path, data)
    (tmp_path / "files" / "bomb.hwpx").write_bytes(bomb.read_bytes())

    with pytest.raises(ExchangeError) as caught:
        import_file(path)

    [problem] = caught.value.problems
    assert problem.startswith("articles[0].attachments[0].file: The file declares more content")
    assert not Attachment.objects.exists()

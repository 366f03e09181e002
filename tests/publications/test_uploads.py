"""Attachments: allowed types checked by content, size limit, generated paths, counted downloads."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from publications.models import Article, Attachment
from publications.uploads import validate_attachment
from tests.factories import MINIMAL_PDF, ArticleFactory, AttachmentFactory


def zip_bytes(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


OOXML = {"[Content_Types].xml": "<Types/>"}
GOOD = {
    "report.pdf": MINIMAL_PDF,
    "보고서.hwp": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
    "report.hwpx": zip_bytes({"mimetype": "application/hwp+zip", "Contents/section0.xml": "x"}),
    "report.docx": zip_bytes({**OOXML, "word/document.xml": "x"}),
    "sheet.xlsx": zip_bytes({**OOXML, "xl/workbook.xml": "x"}),
    "slides.pptx": zip_bytes({**OOXML, "ppt/presentation.xml": "x"}),
}


@pytest.mark.parametrize("name", GOOD)
def test_allowed_types_with_matching_content_pass(name):
    validate_attachment(SimpleUploadedFile(name, GOOD[name]))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("evil.html", b"<script>alert(1)</script>", "bad_extension"),
        ("evil.exe", b"MZ\x90\x00", "bad_extension"),
        ("noextension", MINIMAL_PDF, "bad_extension"),
        ("fake.pdf", b"<html><script>alert(1)</script></html>", "bad_content"),
        ("fake.docx", zip_bytes({**OOXML, "xl/workbook.xml": "x"}), "bad_content"),
        ("fake.hwpx", zip_bytes({"mimetype": "text/html"}), "bad_content"),
        ("fake.xlsx", b"PK\x03\x04 not really a zip", "bad_content"),
        ("fake.hwp", MINIMAL_PDF, "bad_content"),
    ],
)
def test_wrong_types_are_refused(name, content, code):
    with pytest.raises(ValidationError) as error:
        validate_attachment(SimpleUploadedFile(name, content))
    assert error.value.code == code


def test_files_over_the_limit_are_refused(settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        validate_attachment(SimpleUploadedFile("big.pdf", MINIMAL_PDF + b"0" * 1000))
    assert error.value.code == "too_large"
    assert "limit" in error.value.messages[0]


def test_storage_path_is_generated_not_taken_from_the_upload(db):
    attachment = AttachmentFactory(
        file=SimpleUploadedFile("../../etc/passwd 보고서.pdf", MINIMAL_PDF), original_name=""
    )
    assert attachment.file.name.startswith("attachments/")
    assert "passwd" not in attachment.file.name
    assert attachment.file.name.endswith(".pdf")
    assert attachment.size == len(MINIMAL_PDF)


def test_download_is_an_attachment_with_the_unicode_name_and_is_counted(client, article):
    attachment = AttachmentFactory(article=article, original_name="전문 The Full Text.pdf")
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%EC%A0%84%EB%AC%B8%20The%20Full%20Text.pdf" in disposition
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    assert Attachment.objects.get(pk=attachment.pk).download_count == 1


def test_draft_attachments_are_not_served_to_readers(client, series):
    attachment = AttachmentFactory(article=ArticleFactory(series=series, status="draft"))
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_attachment_files_are_not_reachable_under_media(client, article):
    attachment = AttachmentFactory(article=article)
    assert client.get("/media/" + attachment.file.name).status_code == 404


def test_admin_refuses_a_disguised_upload_with_a_form_error(client, admin_user, series):
    client.force_login(admin_user)
    article = ArticleFactory(series=series)
    data = admin_formset_data(article)
    data["attachments-0-title"] = "Disguised"
    data["attachments-0-file"] = SimpleUploadedFile("report.pdf", b"<html>not a pdf</html>")
    response = client.post(f"/admin/publications/article/{article.pk}/change/", data)
    assert response.status_code == 200
    assert "content is not a PDF document" in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.clocks
def test_admin_accepts_a_real_pdf_and_keeps_its_name(client, admin_user, series):
    client.force_login(admin_user)
    article = ArticleFactory(series=series)
    data = admin_formset_data(article)
    data["attachments-0-title"] = "The Full Text"
    data["attachments-0-file"] = SimpleUploadedFile("The Full Text.pdf", MINIMAL_PDF)
    response = client.post(f"/admin/publications/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    attachment = Attachment.objects.get()
    assert attachment.original_name == "The Full Text.pdf"
    saved = Article.objects.get(pk=article.pk).published_at
    assert saved == article.published_at.replace(microsecond=0)  # the date did not move


def admin_formset_data(article):
    published = timezone.localtime(article.published_at)
    return {
        "series": article.series_id,
        "language": article.language,
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "tags": "",
        "status": article.status,
        # The admin reads these in TIME_ZONE: give them as it shows them, or a
        # save moves the article by the UTC offset.
        "published_at_0": published.strftime("%Y-%m-%d"),
        "published_at_1": published.strftime("%H:%M:%S"),
        "article_authors-TOTAL_FORMS": "0",
        "article_authors-INITIAL_FORMS": "0",
        "attachments-TOTAL_FORMS": "1",
        "attachments-INITIAL_FORMS": "0",
        "attachments-0-position": "0",
    }


@pytest.fixture
def article(series):
    return ArticleFactory(series=series)

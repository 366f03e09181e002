"""Plain text for indexing and snippets: from sanitised HTML, PDF and DOCX files."""

import html
import logging
import re
import zipfile

logger = logging.getLogger(__name__)

MAX_TEXT = 1_000_000  # characters kept from one attachment
MAX_PDF_PAGES = 500
MAX_DOCX_XML = 20 * 2**20

BLOCK_END = re.compile(
    r"<(?:br|/p|/li|/h[1-6]|/div|/blockquote|/tr|/td|/th|/figcaption)\b[^>]*>", re.I
)
TAG = re.compile(r"<[^>]*>")
SPACES = re.compile(r"[ \t\r\f\v]+")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean(text):
    """Text without control characters and runs of blanks."""
    text = CONTROL.sub(" ", text or "")
    text = SPACES.sub(" ", text)
    return re.sub(r"\s*\n\s*", "\n", text).strip()


def html_to_text(markup):
    """The text of (sanitised) HTML: tags dropped, entities decoded, blocks on lines."""
    text = BLOCK_END.sub("\n", markup or "")
    return clean(html.unescape(TAG.sub("", text)))


def pdf_text(handle):
    from pypdf import PdfReader

    reader = PdfReader(handle)
    parts, size = [], 0
    for page in reader.pages[:MAX_PDF_PAGES]:
        part = page.extract_text() or ""
        parts.append(part)
        size += len(part)
        if size > MAX_TEXT:
            break
    return "\n".join(parts)


def docx_text(handle):
    with zipfile.ZipFile(handle) as archive:
        info = archive.getinfo("word/document.xml")
        if info.file_size > MAX_DOCX_XML:
            raise ValueError("word/document.xml is too large")
        xml = archive.read(info).decode("utf-8", "replace")
    xml = re.sub(r"</w:p>", "\n", xml)
    runs = re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>|(\n)", xml)
    return html.unescape("".join(text or newline for text, newline in runs))


def file_text(handle):
    """The text of a PDF or DOCX file (by content, not name); "" for other files."""
    head = handle.read(8)
    handle.seek(0)
    if head.startswith(b"%PDF"):
        text = pdf_text(handle)
    elif head.startswith(b"PK"):
        try:
            text = docx_text(handle)
        except KeyError:  # a zip that is not a Word document
            return ""
    else:
        return ""
    return clean(text)[:MAX_TEXT]

"""Helpers shared by the PDF tests: reading PDFs back, a recording HTTP server."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pypdf import PdfReader

# A 1x1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082"
)


def pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_fonts(data):
    """(base font name, font descriptor) for every font the pages use."""
    reader = PdfReader(io.BytesIO(data))
    found = []
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            font = ref.get_object()
            parts = font.get("/DescendantFonts")
            for target in [p.get_object() for p in parts] if parts else [font]:
                found.append((str(font["/BaseFont"]), target["/FontDescriptor"].get_object()))
    return found


def pdf_image_count(data):
    reader = PdfReader(io.BytesIO(data))
    return sum(len(page.images) for page in reader.pages)


class RecordingServer:
    """An HTTP server on 127.0.0.1 that answers everything and records each request."""

    def __init__(self):
        self.requests = []
        recorder = self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                recorder.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()
                self.wfile.write(PNG)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def recording_server():
    with RecordingServer() as server:
        yield server

"""Image files for the tests, built in memory: honest ones and hostile ones."""

import io
import struct
import zlib

from PIL import Image, ImageDraw

GPS_IFD = 0x8825
# 37°33'59"N 126°58'41"E: somewhere an author would rather not publish.
GPS = {1: "N", 2: (37.0, 33.0, 59.0), 3: "E", 4: (126.0, 58.0, 41.0)}
SCRIPT = b"<script>alert(document.domain)</script>"
PHP = b"<?php system($_GET['c']); ?>"


def picture(size=(1600, 900), mode="RGB"):
    image = Image.new(mode, size, "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2], fill="navy")
    return image


def encoded(image, format, **options):
    out = io.BytesIO()
    image.save(out, format, **options)
    return out.getvalue()


def jpeg_with_gps(size=(1600, 900)):
    """A camera-like JPEG: EXIF with a GPS position, a maker and an orientation."""
    exif = Image.Exif()
    exif[0x010F] = "SecretPhone"  # Make
    exif[0x0112] = 1  # Orientation
    exif[GPS_IFD] = GPS
    return encoded(picture(size), "JPEG", exif=exif.tobytes(), quality=90)


def gps_of(data):
    """The GPS entries of an image's EXIF, {} when it has none."""
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif().get_ifd(GPS_IFD))


def png(size=(800, 600)):
    return encoded(picture(size), "PNG")


def webp(size=(800, 600)):
    return encoded(picture(size), "WEBP")


def gif(size=(300, 200)):
    return encoded(picture(size).convert("P"), "GIF")


def svg_with_script():
    return (
        b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="100" '
        b'height="100"><script>alert(document.cookie)</script><rect width="100" '
        b'height="100"/></svg>'
    )


def jpeg_polyglot():
    """A valid JPEG carrying markup in a comment and a PHP script after its end."""
    data = encoded(picture((200, 100)), "JPEG", comment=SCRIPT)
    assert SCRIPT in data
    return data + PHP


def gif_javascript_polyglot():
    """GIF89a/*...*/=alert(1): a file that is a valid GIF and valid JavaScript.

    The logical screen width is "/*" (0x2a2f), which opens a JS comment; the
    trailer is followed by the closing "*/" and a statement.
    """
    base = encoded(Image.new("P", (10, 10)), "GIF")
    data = b"GIF89a/*" + base[8:]
    return data + b"*/=alert(document.domain);"


def png_bomb(side=20_000):
    """A PNG of side × side one-bit pixels, all zero: about 50 KB that decode to 400 megapixels."""

    def chunk(kind, body):
        checksum = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + checksum

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (side + 7) // 8)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks

"""An article's share card as PNG bytes: series, title, authors, date and the institute's mark.

card_version() hashes everything the card shows, so store.py keeps one file
per version and its address changes whenever the picture would.
"""

import hashlib
import io
import json
import logging
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation
from PIL import Image, ImageDraw, ImageFont

from ..validators import clean_text

SIZE = WIDTH, HEIGHT = 1200, 630
MARGIN = 72
# Bump when the drawing changes in a way the facts below do not show.
RENDERER_VERSION = "1"

INK = (255, 255, 255)
MUTED = (190, 207, 226)
ACCENT = (110, 180, 240)
BACKGROUND = (11, 61, 110)  # the site's navy (static/css/site.css)
BAND = (8, 44, 80)

# Debian's fonts-nanum (bin/system-deps): Hangul and Latin in one face.
FONT_DIR = Path("/usr/share/fonts/truetype/nanum")
BOLD = "NanumGothicBold.ttf"
REGULAR = "NanumGothic.ttf"

logger = logging.getLogger(__name__)


def card_facts(article):
    """Everything the card shows, as plain values, in the article's language."""
    with translation.override(article.language):
        return _facts(article)


def _facts(article):
    return {
        "series": clean_text(article.series.name, multiline=False),
        "title": clean_text(article.title, multiline=False),
        "authors": [clean_text(a.name, multiline=False) for a in article.ordered_authors()],
        "date": timezone.localtime(article.published_at).date().isoformat(),
        "site": settings.SITE_NAME,
        "institute": settings.INSTITUTE_NAMES.get(article.language, settings.INSTITUTE_NAME),
    }


def card_version(article):
    """A short digest of what the card of `article` shows (and of the renderer)."""
    facts = json.dumps([RENDERER_VERSION, card_facts(article)], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(facts.encode()).hexdigest()[:16]


@lru_cache(maxsize=16)
def _font(name, size):
    try:
        return ImageFont.truetype(str(FONT_DIR / name), size)
    except OSError:
        logger.warning("Share cards: font %s not found; install fonts-nanum", name)
        return ImageFont.load_default(size)


def _wrap(draw, text, font, width, max_lines):
    """Lines of `text` no wider than `width`: at spaces, within a word only when it must."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while draw.textlength(line, font=font) > width:  # a word wider than the card
            cut = len(line)
            while cut > 1 and draw.textlength(line[:cut], font=font) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and draw.textlength(last + "…", font=font) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines


def _fit_title(draw, title, width):
    """The largest title size (of a few) at which the title fits in four lines."""
    for size in (64, 56, 48, 42):
        font = _font(BOLD, size)
        lines = _wrap(draw, title, font, width, max_lines=4)
        if not lines[-1].endswith("…"):
            return font, lines, size
    return font, lines, size


def _mark(draw, facts):
    """The institute's mark: its initial in a square, and its name."""
    top = HEIGHT - 96
    draw.rectangle((0, top, WIDTH, HEIGHT), fill=BAND)
    box = (MARGIN, top + 22, MARGIN + 52, top + 74)
    draw.rectangle(box, fill=INK)
    initial = facts["site"][:1] or "·"
    draw.text(
        ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2),
        initial,
        font=_font(BOLD, 34),
        fill=BACKGROUND,
        anchor="mm",
    )
    draw.text((MARGIN + 72, top + 26), facts["site"], font=_font(BOLD, 24), fill=INK)
    institute = _wrap(draw, facts["institute"], _font(REGULAR, 20), WIDTH - 2 * MARGIN - 72, 1)
    draw.text((MARGIN + 72, top + 56), institute[0] if institute else "", font=_font(REGULAR, 20),
              fill=MUTED)  # fmt: skip


def render_card(article):
    """The PNG bytes of `article`'s card."""
    facts = card_facts(article)
    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    width = WIDTH - 2 * MARGIN
    draw.rectangle((0, 0, 12, HEIGHT - 96), fill=ACCENT)

    y = MARGIN - 8
    series = _wrap(draw, facts["series"].upper(), _font(BOLD, 26), width, 1)
    draw.text((MARGIN, y), series[0] if series else "", font=_font(BOLD, 26), fill=ACCENT)
    y += 56

    font, lines, size = _fit_title(draw, facts["title"], width)
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=INK)
        y += int(size * 1.28)

    byline = " · ".join(part for part in (", ".join(facts["authors"]), facts["date"]) if part)
    byline_lines = _wrap(draw, byline, _font(REGULAR, 28), width, 1)
    draw.text((MARGIN, HEIGHT - 96 - 64), byline_lines[0] if byline_lines else "",
              font=_font(REGULAR, 28), fill=MUTED)  # fmt: skip
    _mark(draw, facts)

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()

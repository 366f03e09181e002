"""Regenerate demo/files/The Full Text.pdf from the seed article in publications.json.

Run once by hand (`.venv/bin/python demo/build_full_text_pdf.py`); the PDF is
committed, so `load_demo` never needs WeasyPrint.
"""

import html
import json
from pathlib import Path

from weasyprint import HTML

HERE = Path(__file__).resolve().parent
SEED_SLUG = "an-analysis-of-the-biden-putin-summit"

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
  @page {{ size: A4; margin: 2.2cm; }}
  body {{ font-family: serif; font-size: 11pt; line-height: 1.5; }}
  h1 {{ font-size: 18pt; margin-bottom: 0.2em; }}
  .meta {{ color: #555; margin-bottom: 1.5em; }}
</style></head>
<body>
  <p class="meta">{series}</p>
  <h1>{title}</h1>
  <p class="meta">{authors} · {published}</p>
  {body}
</body></html>
"""


def main():
    data = json.loads((HERE / "publications.json").read_text(encoding="utf-8"))
    article = next(a for a in data["articles"] if a.get("slug") == SEED_SLUG)
    series = {s["slug"]: s["name"] for s in data["series"]}
    authors = {a["slug"]: a["name"] for a in data["authors"]}
    page = PAGE.format(
        title=html.escape(article["title"]),
        series=html.escape(series[article["series"]]),
        authors=html.escape(", ".join(authors[s] for s in article["authors"])),
        published=article["published"],
        body=article["body_html"],  # our own committed demo text
    )
    target = HERE / "files" / "The Full Text.pdf"
    HTML(string=page).write_pdf(target)
    print(f"wrote {target} ({target.stat().st_size} bytes)")


if __name__ == "__main__":
    main()

"""Responsive images on output: each library image of a body becomes a <picture>.

    <picture>
      <source type="image/webp" srcset="…-480w.webp 480w, …-960w.webp 960w, … 1600w" sizes="…">
      <img src="original" srcset="…-480w.jpg 480w, … original 1600w" sizes="…" alt="…"
           width="1600" height="900" loading="lazy" decoding="async">
    </picture>

Browsers that take WebP pick from the <source>, others from the <img>; each
picks the width it needs. Only renditions that exist are named (the worker
makes them after an upload); until then the image is shown as it was. Stored
bodies are never changed: this runs on sanitised HTML at render time, and its
output passes the sanitiser again (srcset of our own images is allowed).
"""

import html

from . import usage
from .models import Image

LAZY = {"loading": "lazy", "decoding": "async"}


def responsive_images(body):
    """`body` (sanitised HTML) with its library images given renditions."""
    if "<img" not in body:
        return body
    tags = [(tag, attrs, usage.media_name(attrs.get("src"))) for tag, attrs in usage.img_tags(body)]
    names = {name for _tag, attrs, name in tags if name and "srcset" not in attrs}
    if not names:
        return body
    images = {
        image.file.name: image
        for image in Image.objects.filter(file__in=names).prefetch_related("renditions")
    }
    for tag, attrs, name in tags:
        image = images.get(name)
        if image is not None and "srcset" not in attrs:
            body = body.replace(tag, _picture(image, attrs), 1)
    return body


def _picture(image, attrs):
    renditions = list(image.renditions.all())
    if not renditions:
        return _tag("img", {**attrs, **_dimensions(image, attrs), **LAZY})
    shown = int(attrs["width"]) if attrs.get("width", "").isdigit() else image.width
    sizes = f"(max-width: {shown}px) 100vw, {shown}px"
    webp = [(r.url, r.width) for r in renditions if r.format == "webp"]
    if image.content_type == "image/webp":
        webp.append((image.url, image.width))
    own = [(r.url, r.width) for r in renditions if r.format != "webp"]
    own.append((image.url, image.width))
    img = {**attrs, **_dimensions(image, attrs), "srcset": _srcset(own), "sizes": sizes, **LAZY}
    source = _tag("source", {"type": "image/webp", "srcset": _srcset(webp), "sizes": sizes})
    return f"<picture>{source}{_tag('img', img)}</picture>"


def _dimensions(image, attrs):
    if attrs.get("width") or attrs.get("height"):
        return {}
    return {"width": str(image.width), "height": str(image.height)}


def _srcset(candidates):
    return ", ".join(f"{url} {width}w" for url, width in sorted(candidates, key=lambda c: c[1]))


def _tag(name, attrs):
    rendered = "".join(f' {key}="{html.escape(str(value))}"' for key, value in attrs.items())
    return f"<{name}{rendered}>"

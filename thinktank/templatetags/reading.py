"""Template helpers for the reading pages: the masthead's mark, the home page's lead."""

from django import template
from django.conf import settings
from django.templatetags.static import static

register = template.Library()


@register.simple_tag
def site_mark_url():
    """The URL of the masthead's SVG mark (SITE_MARK: a static path, or a URL or path)."""
    mark = settings.SITE_MARK
    if mark.startswith("/") or "://" in mark:
        return mark
    return static(mark)


@register.simple_tag
def lead_and_sections(sections):
    """The newest article of all `sections` ((series, articles) pairs), and the
    sections without it: the home page shows it once, as its lead."""
    articles = [article for _, items in sections for article in items]
    if not articles:
        return {"lead": None, "sections": sections}
    lead = max(articles, key=lambda article: (article.published_at, article.pk))
    rest = [(series, [a for a in items if a.pk != lead.pk]) for series, items in sections]
    return {"lead": lead, "sections": [(series, items) for series, items in rest if items]}


@register.filter
def file_title(attachment):
    """An attachment's title when it says more than its file name (else "")."""
    title = (attachment.title or "").strip()
    name = attachment.download_name
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return "" if title.casefold() in (name.casefold(), stem.casefold()) else title


@register.filter
def as_readonly(field, suffix=""):
    """`field`'s input, read-only, described by the element whose id is the
    field's own plus `suffix`, and by its errors when it has some."""
    ids = [f"{field.auto_id}{suffix}"] if suffix else []
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    attrs = {"readonly": True}
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    return field.as_widget(attrs=attrs)

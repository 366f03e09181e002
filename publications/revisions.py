"""Article revisions (django-reversion): what one keeps, and how two are compared.

A revision holds the article (title, summary, body, status, dates ...) and
what follows it: its author links, its attachments (the list, not the
files) and its tags. Every path that saves an article records one: the
admin (ArticleAdmin, through django-reversion's VersionAdmin), the bulk
actions and the importer (exchange/load.py), each with `revision()` below.

Revisions are managed by hand (`manage_manually`): the article is added
once everything about it is saved (authors, tags, attachments), so a
revision never holds tags or authors of the moment before the save.
"""

import html
import re
from contextlib import contextmanager

import reversion
from diff_match_patch import diff_match_patch
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag, TaggedItem

from .models import Article, ArticleAuthor, Attachment, Author

FOLLOW = ("article_authors", "attachments", "tagged_items")


def registrations():
    return {
        Article: {"follow": FOLLOW},
        ArticleAuthor: {},
        Attachment: {"exclude": ("download_count",)},
        TaggedItem: {"follow": ("tag",)},
        Tag: {},
    }


def register():
    """Register what an article revision holds (from the admin or PublicationsConfig.ready())."""
    for model, options in registrations().items():
        if not reversion.is_registered(model):
            reversion.register(model, **options)


@contextmanager
def revision(user=None, comment=""):
    """A block whose articles, added with keep(), are saved as one revision."""
    with reversion.create_revision(manage_manually=True):
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        if comment:
            reversion.set_comment(comment)
        yield


def keep(article):
    """Add `article` as it is now (with its authors, attachments, tags) to the open revision."""
    if reversion.is_active():
        reversion.add_to_revision(article)


# --- What a revision held, for the compare view --------------------------------


def related_lists(version):
    """{"authors": [...], "tags": [...], "attachments": [...]} as `version`'s revision held them."""
    found = {"authors": [], "tags": [], "attachments": []}
    tag_names = {}
    for other in version.revision.version_set.select_related("content_type"):
        model, data = other.content_type.model_class(), other.field_dict
        if model is Tag:
            tag_names[data["id"]] = data["name"]
        elif model is TaggedItem:
            found["tags"].append(data["tag_id"])
        elif model is ArticleAuthor and str(data["article_id"]) == version.object_id:
            found["authors"].append((data["position"], data["author_id"]))
        elif model is Attachment and str(data["article_id"]) == version.object_id:
            found["attachments"].append((data["position"], data["title"]))
    authors = Author.objects.in_bulk([a for _, a in found["authors"]])
    found["authors"] = [
        str(authors[a]) if a in authors else f"#{a}" for _, a in sorted(found["authors"])
    ]
    found["tags"] = sorted(tag_names.get(t, f"#{t}") for t in found["tags"])
    found["attachments"] = [title for _, title in sorted(found["attachments"])]
    return found


RELATED_LABELS = {
    "authors": _("authors"),
    "tags": _("tags"),
    "attachments": _("attachments"),
}

_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|tr|div)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def as_text(value):
    """Rich text as a reader reads it: one line per paragraph, no markup."""
    text = _TAG.sub("", _BLOCK_END.sub("\n", value or ""))
    lines = (" ".join(line.split()) for line in html.unescape(text).splitlines())
    return "\n".join(line for line in lines if line)


def side_by_side(old, new):
    """Old and new text in two columns, deletions marked on the left, insertions on the right."""
    matcher = diff_match_patch()
    diffs = matcher.diff_main(old or "", new or "")
    matcher.diff_cleanupSemantic(diffs)
    left, right = [], []
    for op, text in diffs:
        if op == matcher.DIFF_EQUAL:
            left.append(("", text))
            right.append(("", text))
        elif op == matcher.DIFF_DELETE:
            left.append(("del", text))
        else:
            right.append(("ins", text))
    return render_to_string(
        "admin/publications/article/compare_side_by_side.html", {"left": left, "right": right}
    )

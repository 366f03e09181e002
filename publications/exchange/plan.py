"""The checked content of an exchange file, as plain values ready to be written."""

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class RecordItem:
    """A series or an author: its slug and the fields the file gives for it."""

    place: str
    slug: str
    fields: dict


@dataclass
class AttachmentItem:
    title: str
    path: Path  # resolved, checked to lie inside the file's folder
    original_name: str
    size: int
    digest: str  # sha256 of the content, to recognise an attachment already stored


@dataclass
class CoverItem:
    path: Path  # resolved, checked to lie inside the file's folder
    original_name: str
    digest: str


@dataclass
class ArticleItem:
    """An article; `None` for authors/tags/attachments means "not in the file"."""

    place: str
    series: str
    slug: str
    fields: dict
    translation: str | None = None  # the file's key; fields["translation_key"] its UUID
    authors: list | None = None
    tags: list | None = None
    attachments: list | None = None
    cover: CoverItem | None = None
    remove_cover: bool = False  # "cover": null


@dataclass
class Plan:
    base: Path
    series: list = field(default_factory=list)
    authors: list = field(default_factory=list)
    articles: list = field(default_factory=list)

"""The facts every citation format and head tag is made from, gathered once per article."""

from dataclasses import dataclass, field

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation

from ..share_card.links import share_image_url
from ..validators import clean_text
from . import edition
from .names import parse_name

SHARE_IMAGE_SIZE = (1200, 630)


def absolute(path):
    """`path` on the public site (SITE_URL), never the request's host."""
    return settings.SITE_URL.rstrip("/") + path


def institute_name(language):
    return settings.INSTITUTE_NAMES.get(language, settings.INSTITUTE_NAME)


@dataclass(frozen=True)
class Creator:
    name: str
    url: str  # the author page, absolute

    @property
    def parts(self):
        return parse_name(self.name)


@dataclass(frozen=True)
class Translation:
    language: str
    title: str
    url: str
    is_original: bool  # this article was translated from it


@dataclass
class Citation:
    pk: int
    slug: str
    title: str
    url: str
    summary: str
    language: str
    published: object  # datetime, aware
    modified: object
    series: str
    series_url: str
    number: str
    doi: str
    institution: str
    keywords: list = field(default_factory=list)
    authors: list = field(default_factory=list)
    pdf_url: str | None = None
    image_url: str = ""
    image_is_card: bool = True
    translations: list = field(default_factory=list)

    @property
    def local_date(self):
        """The publication date as readers see it (settings.TIME_ZONE)."""
        return timezone.localtime(self.published).date()

    @property
    def year(self):
        return self.local_date.year

    @property
    def report_number(self):
        """The series and, when the editor gives one, the number in it: "IFANS Focus 2021-17"."""
        return f"{self.series} {self.number}".strip() if self.number else self.series

    @property
    def doi_url(self):
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def og_locale(self):
        return edition.og_locale(self.language)

    @property
    def description(self):
        text = self.summary or self.title
        return text if len(text) <= 200 else text[:199].rstrip() + "…"

    @property
    def logo_url(self):
        return absolute(static("img/institute-mark.png"))


def _pdf_attachment(article):
    for attachment in article.attachments.all():
        if attachment.extension == "PDF":
            return attachment
    return None


def build(article):
    """The Citation of `article` (its authors, tags and attachments are read once).

    Names (series, authors) and addresses are those of the article's own
    edition, whatever page or download asks.
    """
    with translation.override(edition.article_language(article)):
        return _build(article)


def _build(article):
    pdf = _pdf_attachment(article)
    image_url, is_card = share_image_url(article)
    return Citation(
        pk=article.pk,
        slug=article.slug,
        title=clean_text(article.title, multiline=False),
        url=article.absolute_url,
        summary=clean_text(article.summary, multiline=False).strip(),
        language=edition.article_language(article),
        published=article.published_at,
        modified=article.updated_at or article.published_at,
        series=article.series.name,
        series_url=absolute(article.series.get_absolute_url()),
        number=article.number,
        doi=article.doi,
        institution=institute_name(edition.article_language(article)),
        keywords=[tag.name for tag in article.tags.all()],
        authors=[
            Creator(author.name, absolute(author.get_absolute_url()))
            for author in article.ordered_authors()
        ],
        pdf_url=absolute(pdf.get_absolute_url()) if pdf else None,
        image_url=image_url,
        image_is_card=is_card,
        translations=[
            Translation(
                edition.article_language(other),
                other.title,
                other.absolute_url,
                is_original=edition.is_translation_of(article, other),
            )
            for other in edition.article_translations(article)
        ],
    )


def for_article(article):
    """The Citation of `article`, built once per instance (the page's includes share it)."""
    cached = getattr(article, "_citation", None)
    if cached is None:
        cached = article._citation = build(article)
    return cached


def cite_url(article, kind="page"):
    """The cite page or a download of `article`, in the article's own edition."""
    names = {
        "page": "article_cite",
        "bib": "article_cite_bibtex",
        "ris": "article_cite_ris",
        "csl": "article_cite_csl",
    }
    with translation.override(edition.article_language(article)):
        return reverse(f"publications:{names[kind]}", kwargs={"pk": article.pk})

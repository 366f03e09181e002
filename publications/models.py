import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItem

from . import signals
from .fields import PlainCharField, PlainTextField
from .languages import translated
from .pdf.models import PdfExportJob as PdfExportJob  # the app's models: its PDF one too
from .sanitize import sanitize_html
from .validators import (
    article_slug,
    validate_article_slug,
    validate_cover_image,
    validate_doi,
    validate_publication_date,
)


def unicode_slug(text, max_length=200):
    """A URL slug that keeps Korean (and any) letters: "한미 관계" -> "한미-관계".

    Never a slug reserved by the URLs (validators.RESERVED_ARTICLE_SLUGS).
    """
    return article_slug(text, max_length=max_length)


def require_a_name(instance):
    """Series and authors need a name in at least one language."""
    if not (instance.name_ko or instance.name_en):
        raise ValidationError(
            {"name_ko": _("Give a name in Korean, in English, or both.")}, code="required"
        )


class Series(models.Model):
    name_ko = PlainCharField(_("name (Korean)"), max_length=120, blank=True)
    name_en = PlainCharField(_("name (English)"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    description_ko = PlainTextField(_("description (Korean)"), blank=True)
    description_en = PlainTextField(_("description (English)"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    expects_attachment = models.BooleanField(
        _("expects an attachment"),
        default=False,
        help_text=_("Its articles are flagged for publishers until they have an attached file."),
    )

    name = translated("name")
    description = translated("description")

    class Meta:
        ordering = ["position", "name_en", "name_ko"]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("publications:series", kwargs={"slug": self.slug})

    def clean(self):
        require_a_name(self)


class Author(models.Model):
    name_ko = PlainCharField(_("name (Korean)"), max_length=120, blank=True)
    name_en = PlainCharField(_("name (English)"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    title_ko = PlainCharField(_("title (Korean)"), max_length=200, blank=True)
    title_en = PlainCharField(_("title (English)"), max_length=200, blank=True)
    bio_ko = PlainTextField(_("short bio (Korean)"), blank=True)
    bio_en = PlainTextField(_("short bio (English)"), blank=True)

    name = translated("name")
    title = translated("title")
    bio = translated("bio")

    class Meta:
        ordering = ["name_en", "name_ko"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("publications:author", kwargs={"slug": self.slug})

    def clean(self):
        require_a_name(self)


def cover_image_path(instance, filename):
    """Generated storage path under images/ (served like body images), never the uploader's name."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"images/covers/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ArticleQuerySet(models.QuerySet):
    # Counters shown fresh on every view: in no cached page and no PDF.
    COUNTERS = frozenset({"hits"})

    def published(self):
        """What a reader may see: status published and a publication date that has come."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def for_listing(self):
        return self.select_related("series").prefetch_related("authors")

    def for_page(self):
        return self.select_related("series").prefetch_related(
            models.Prefetch(
                "article_authors",
                queryset=ArticleAuthor.objects.select_related("author").order_by("position"),
            ),
            "attachments",
            "tags",
        )

    def update(self, **kwargs):
        """Update the rows, then announce the change (signals.articles_changed).

        Only an update of counters alone (hits) announces nothing.
        """
        if set(kwargs) <= self.COUNTERS:
            return super().update(**kwargs)
        ids = list(self.values_list("pk", flat=True))
        rows = super().update(**kwargs)
        signals.articles_written(ids, using=self.db)
        return rows

    update.alters_data = True

    def delete(self):
        """Delete the rows (post_delete announces each one), and announce them as a set."""
        ids = list(self.values_list("pk", flat=True))
        result = super().delete()
        signals.articles_written(ids, using=self.db)
        return result

    delete.alters_data = True
    delete.queryset_only = True


def default_language():
    return settings.LANGUAGE_CODE


class Article(models.Model):
    LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")

    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, related_name="articles", verbose_name=_("series")
    )
    title = PlainCharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"), max_length=200, allow_unicode=True, validators=[validate_article_slug]
    )
    authors = models.ManyToManyField(
        Author, through="ArticleAuthor", related_name="articles", blank=True
    )
    summary = PlainTextField(_("summary"), blank=True, help_text=_("One paragraph, plain text."))
    body = PlainTextField(_("body"), blank=True)
    published_at = models.DateTimeField(
        _("publication date"),
        default=timezone.now,
        db_index=True,
        validators=[validate_publication_date],
        help_text=_("A future date schedules the article: it appears on that date."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    hits = models.PositiveBigIntegerField(_("hits"), default=0)
    language = models.CharField(
        _("language"), max_length=2, choices=LANGUAGES, default=default_language, db_index=True
    )
    # Shared by an article and its translation (one article per language).
    translation_key = models.UUIDField(_("translation key"), null=True, blank=True, editable=False)
    tags = TaggableManager(_("tags"), blank=True)
    # For citation and sharing (publications/citations/, publications/share_card/).
    doi = models.CharField(
        _("DOI"),
        max_length=200,
        blank=True,
        validators=[validate_doi],
        help_text=_("For example 10.1234/ifans.2021.17, without https://doi.org/."),
    )
    number = PlainCharField(
        _("number in the series"),
        max_length=40,
        blank=True,
        help_text=_("As cited, for example 2021-17."),
    )
    cover_image = models.ImageField(
        _("cover image"),
        upload_to=cover_image_path,
        max_length=255,
        blank=True,
        validators=[validate_cover_image],
        help_text=_(
            "Shown when the article is shared (1200×630 pixels is best); "
            "without one, a card with the title is generated."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(fields=["series", "slug"], name="article_unique_slug"),
            models.UniqueConstraint(
                fields=["translation_key", "language"],
                condition=Q(translation_key__isnull=False),
                name="article_one_translation_per_language",
            ),
        ]
        indexes = [models.Index(fields=["series", "status", "published_at", "id"])]
        permissions = [("publish_article", _("Can publish, schedule and unpublish articles"))]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Sanitising here, not in the admin form, means every path that
        # stores a body (admin, import, shell) stores only safe HTML.
        self.body = sanitize_html(self.body)
        if not self.slug:
            self.slug = unicode_slug(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The address in the article's own edition, whatever language is active."""
        with translation.override(self.language):
            return reverse(
                "publications:article", kwargs={"series": self.series.slug, "slug": self.slug}
            )

    def translation(self):
        """The published translation of this article in the other language, or None."""
        if not self.translation_key:
            return None
        if not hasattr(self, "_translation"):
            self._translation = (
                Article.objects.published()
                .filter(translation_key=self.translation_key)
                .exclude(language=self.language)
                .select_related("series")
                .first()
            )
        return self._translation

    @property
    def tagged_items(self):
        """The rows tying this article to its tags (what its revisions keep of them)."""
        return TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Article), object_id=self.pk
        )

    def translations(self):
        """Every article of this one's translation group but itself, drafts included."""
        if not self.translation_key:
            return Article.objects.none()
        return Article.objects.filter(translation_key=self.translation_key).exclude(pk=self.pk)

    @property
    def safe_body(self):
        """The body to render, sanitised again on output.

        save() already stores only sanitised HTML; this also covers a body
        written around save() (a queryset update, raw SQL). Page and PDF both
        render this, never the raw field. Library images get their responsive
        renditions (srcset, WebP), and the result passes the sanitiser again.
        """
        from images.render import responsive_images  # images' models import these

        html = sanitize_html(responsive_images(sanitize_html(self.body)))
        return mark_safe(html)  # noqa: S308 (sanitised just now)

    @property
    def absolute_url(self):
        """The article's URL on the public site, for mail, feeds, PDFs and sharing."""
        return settings.SITE_URL.rstrip("/") + self.get_absolute_url()

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()

    def ordered_authors(self):
        """Authors in byline order (one query, or none after ArticleQuerySet.for_page())."""
        links = self.article_authors.all()
        if "article_authors" not in getattr(self, "_prefetched_objects_cache", {}):
            links = links.select_related("author")
        return [link.author for link in links]

    def _neighbour(self, before):
        siblings = Article.objects.published().filter(
            series_id=self.series_id, language=self.language
        )
        if before:
            siblings = siblings.filter(
                Q(published_at__lt=self.published_at)
                | Q(published_at=self.published_at, id__lt=self.id)
            ).order_by("-published_at", "-id")
        else:
            siblings = siblings.filter(
                Q(published_at__gt=self.published_at)
                | Q(published_at=self.published_at, id__gt=self.id)
            ).order_by("published_at", "id")
        return (
            siblings.only("id", "title", "slug", "language", "series__slug")
            .select_related("series")
            .first()
        )

    def previous_published(self):
        """The published article of the same series published just before this one."""
        return self._neighbour(before=True)

    def next_published(self):
        """The published article of the same series published just after this one."""
        return self._neighbour(before=False)


class ArticleAuthor(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="article_author_once"),
        ]

    def __str__(self):
        return str(self.author)


def attachment_path(instance, filename):
    """Generated storage path: the uploader's name never reaches the file system."""
    suffix = PurePath(filename).suffix.lower()[:10]
    now = timezone.now()
    return f"attachments/{now:%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attachments")
    title = PlainCharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    original_name = PlainCharField(_("original file name"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    download_count = models.PositiveBigIntegerField(_("downloads"), default=0, editable=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file and not self.original_name:
            self.original_name = PurePath(self.file.name).name
        if self.file:
            self.size = self.file.size
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("publications:attachment", kwargs={"pk": self.pk})

    @property
    def download_name(self):
        return self.original_name or PurePath(self.file.name).name

    @property
    def extension(self):
        return PurePath(self.download_name).suffix.lstrip(".").upper()


class StateChange(models.Model):
    """One step of an article's workflow: who moved it, when, from what to what, and why."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("submitted for review")
        WITHDRAWN = "withdrawn", _("withdrawn from review")
        CHANGES_REQUESTED = "changes", _("changes requested")
        PUBLISHED = "published", _("published")
        SCHEDULED = "scheduled", _("scheduled")
        UNPUBLISHED = "unpublished", _("unpublished")
        RESTORED = "restored", _("restored a revision")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="state_changes", verbose_name=_("article")
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=10, choices=Article.Status.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=Article.Status.choices)
    published_at = models.DateTimeField(_("publication date"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    comment = PlainTextField(_("comment"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")

    def __str__(self):
        return f"{self.article_id}: {self.get_action_display()}"

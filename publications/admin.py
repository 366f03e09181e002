from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from reversion_compare.admin import CompareVersionAdmin

from images.checks import warn_missing_alt
from images.covers import cover_thumbnail, reencoded_upload

from . import admin_views, translations
from .admin_actions import ACTIONS as REVIEW_ACTIONS
from .admin_review import ReviewAdminMixin, WorkflowForm
from .editor import RichTextWidget
from .models import Article, ArticleAuthor, Attachment, Author, Series
from .pdf.admin import export_pdfs
from .uploads import validate_attachment
from .validators import clean_text, normalize_doi, validate_doi

TAG_MAX_LENGTH = 100  # taggit's Tag.name


class ViewOnPublicSite:
    """ "View on site" goes to the public address (SITE_URL), not to the admin's own host."""

    def view_on_site(self, obj):
        return settings.SITE_URL.rstrip("/") + obj.get_absolute_url()


@admin.register(Series)
class SeriesAdmin(ViewOnPublicSite, admin.ModelAdmin):
    list_display = ["name_ko", "name_en", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name_ko", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    fields = ["name_ko", "name_en", "slug", "description_ko", "description_en", "position"]


@admin.register(Author)
class AuthorAdmin(ViewOnPublicSite, admin.ModelAdmin):
    list_display = ["name_ko", "name_en", "title"]
    search_fields = ["name_ko", "name_en", "title_ko", "title_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    fields = ["name_ko", "name_en", "slug", "title_ko", "title_en", "bio_ko", "bio_en"]


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "position"]


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["title", "file", "position"]

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data:
            validate_attachment(file)
            self.instance.original_name = file.name
        return file


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = AttachmentForm
    extra = 1
    fields = ["title", "file", "position", "size", "download_count"]
    readonly_fields = ["size", "download_count"]


class ArticleAdminForm(WorkflowForm):
    translation = forms.ModelChoiceField(
        queryset=Article.objects.none(),
        required=False,
        label=_("Translation"),
        help_text=_("The same article in the other language, if there is one."),
    )

    class Meta:
        model = Article
        fields = [
            "series",
            "language",
            "title",
            "slug",
            "summary",
            "body",
            "tags",
            "status",
            "published_at",
            "number",
            "doi",
            "cover_image",
        ]
        widgets = {"body": RichTextWidget()}

    def clean_doi(self):
        """A DOI pasted as a link (https://doi.org/10...) is stored bare."""
        doi = normalize_doi(self.cleaned_data.get("doi"))
        validate_doi(doi)
        return doi

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = Article.objects.select_related("series").order_by("-published_at")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
            self.initial.setdefault("translation", self.instance.translations().first())
        self.fields["translation"].queryset = others
        self.fields["translation"].label_from_instance = translation_label

    def clean(self):
        cleaned = super().clean()
        chosen, language = cleaned.get("translation"), cleaned.get("language")
        if chosen and language:
            if chosen.language == language:
                self.add_error("translation", _("A translation must be in the other language."))
            elif chosen.translations().filter(language=language).exclude(pk=self.instance.pk):
                self.add_error(
                    "translation", _("That article already has a translation in this language.")
                )
        return cleaned

    def save_translation(self, article):
        """Link or unlink the translation chosen (after the article itself is saved)."""
        chosen = self.cleaned_data.get("translation")
        current = article.translations().first()
        if chosen == current and (chosen is None or chosen.language != article.language):
            return
        if chosen is None:
            translations.unlink(article)
        else:
            translations.link(article, chosen)

    def clean_cover_image(self):
        """A new cover is judged by content and re-encoded (no EXIF/GPS), like every image."""
        file = self.cleaned_data.get("cover_image")
        if file and "cover_image" in self.changed_data:
            return reencoded_upload(file)
        return file

    def clean_tags(self):
        """Tag names as stored: one line, no control characters, within taggit's length."""
        names = []
        for name in self.cleaned_data.get("tags") or []:
            name = clean_text(name, multiline=False).strip()
            if len(name) > TAG_MAX_LENGTH:
                raise ValidationError(
                    _("A tag may have at most %(max)d characters: %(tag)s")
                    % {"max": TAG_MAX_LENGTH, "tag": name[:40] + "…"},
                    code="tag_too_long",
                )
            if name and name not in names:
                names.append(name)
        return names


def translation_label(article):
    return f"[{article.get_language_display()}] {article.title} ({article.series})"


@admin.register(Article)
class ArticleAdmin(ViewOnPublicSite, ReviewAdminMixin, CompareVersionAdmin):
    form = ArticleAdminForm
    list_display = [
        "cover",
        "title",
        "language",
        "translation_link",
        "series",
        "status_badge",
        "published_at",
        "hits",
        "download_count",
    ]
    list_display_links = ["cover", "title"]
    list_filter = ["language", "status", "series", "published_at"]
    list_select_related = ["series"]
    search_fields = ["title", "summary", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ArticleAuthorInline, AttachmentInline]
    actions = [export_pdfs, *REVIEW_ACTIONS]
    change_form_template = "admin/publications/article/change_form.html"
    change_list_template = "admin/publications/article/change_list.html"
    readonly_fields = ["hits", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["series", "language", "translation", "title", "slug"]}),
        (None, {"fields": ["summary", "body", "tags"]}),
        (_("Publishing"), {"fields": ["status", "published_at"]}),
        (_("Citation and sharing"), {"fields": ["number", "doi", "cover_image"]}),
        (_("Record"), {"fields": ["hits", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description=_("cover image"))
    def cover(self, article):
        return cover_thumbnail(article.cover_image)

    @admin.display(description=_("translation"))
    def translation_link(self, article):
        if not getattr(article, "translation_pk", None):
            return "—"
        url = reverse("admin:publications_article_change", args=[article.translation_pk])
        return format_html('<a href="{}">{}</a>', url, article.translation_title)

    def get_queryset(self, request):
        others = Article.objects.filter(translation_key=OuterRef("translation_key")).exclude(
            pk=OuterRef("pk")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                translation_pk=Subquery(others.values("pk")[:1]),
                translation_title=Subquery(others.values("title")[:1]),
            )
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.save_translation(form.instance)
        warn_missing_alt(request, form.instance)

    def get_urls(self):
        translate = self.admin_site.admin_view(self.start_translation_view)
        return [
            path("<int:pk>/translate/", translate, name="publications_article_translate"),
            *self.review_urls(),
        ] + super().get_urls()

    def review_urls(self):
        """Preview of unsaved changes and the publishers' attention list (admin_views.py)."""

        def view(function):
            return self.admin_site.admin_view(lambda request, **kw: function(self, request, **kw))

        name = "publications_article_"
        return [
            path("add/preview/", view(admin_views.start_preview), name=name + "add_preview"),
            path("<int:pk>/preview/", view(admin_views.start_preview), name=name + "start_preview"),
            path("preview/<str:token>/", view(admin_views.show_preview), name=name + "preview"),
            path("attention/", view(admin_views.attention_list), name=name + "attention"),
        ]

    def start_translation_view(self, request, pk):
        """POST: make a draft translation of an article and open it for editing."""
        original = get_object_or_404(Article, pk=pk)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        # Adding a draft is what it takes: an editor may translate a published
        # article they may no longer edit (only its translation key is written).
        if not (self.has_add_permission(request) and self.has_view_permission(request, original)):
            raise PermissionDenied
        try:
            draft, missing = translations.start_translation(original)
        except translations.TranslationConflict as problem:
            messages.error(request, str(problem))
            return redirect("admin:publications_article_change", pk)
        messages.success(request, _("A draft translation was made: translate it, then publish it."))
        if missing:
            messages.warning(
                request,
                _("These attachments could not be copied (their file is missing): %(titles)s")
                % {"titles": ", ".join(missing)},
            )
        return redirect("admin:publications_article_change", draft.pk)

    def get_search_results(self, request, queryset, search_term):
        found, duplicates = super().get_search_results(request, queryset, search_term)
        # The site search (settings.ARTICLE_ADMIN_SEARCH, the search app's) adds
        # what readers would find, drafts included; publications never imports it.
        if settings.ARTICLE_ADMIN_SEARCH:
            found = import_string(settings.ARTICLE_ADMIN_SEARCH)(queryset, search_term, found)
        return found, duplicates

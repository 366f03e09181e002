from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

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
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(ViewOnPublicSite, admin.ModelAdmin):
    list_display = ["name", "title"]
    search_fields = ["name", "title"]
    prepopulated_fields = {"slug": ["name"]}


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


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "series", "title", "slug", "summary", "body", "tags", "status", "published_at",
            "number", "doi", "cover_image",
        ]  # fmt: skip
        widgets = {"body": RichTextWidget()}

    def clean_doi(self):
        """A DOI pasted as a link (https://doi.org/10...) is stored bare."""
        doi = normalize_doi(self.cleaned_data.get("doi"))
        validate_doi(doi)
        return doi

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


@admin.register(Article)
class ArticleAdmin(ViewOnPublicSite, admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["title", "series", "status", "published_at", "hits"]
    list_filter = ["status", "series", "published_at"]
    list_select_related = ["series"]
    search_fields = ["title", "summary", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ArticleAuthorInline, AttachmentInline]
    actions = [export_pdfs]
    readonly_fields = ["hits", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["series", "title", "slug", "summary", "body", "tags"]}),
        (_("Publishing"), {"fields": ["status", "published_at"]}),
        (_("Citation and sharing"), {"fields": ["number", "doi", "cover_image"]}),
        (_("Record"), {"fields": ["hits", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        found, duplicates = super().get_search_results(request, queryset, search_term)
        # The site search (settings.ARTICLE_ADMIN_SEARCH, the search app's) adds
        # what readers would find, drafts included; publications never imports it.
        if settings.ARTICLE_ADMIN_SEARCH:
            found = import_string(settings.ARTICLE_ADMIN_SEARCH)(queryset, search_term, found)
        return found, duplicates

from django.contrib import admin, messages
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services, usage
from .forms import ImageForm
from .models import Image
from .views import upload


def thumbnail(image, width=96):
    """An <img> of the smallest rendition (or the original) for admin lists."""
    if image is None or not image.file:
        return "—"
    small = [r for r in image.renditions.all() if r.format == "webp"]
    source = min(small, key=lambda r: r.width).url if small else image.url
    return format_html(
        '<img src="{}" alt="{}" width="{}" style="max-height:{}px;object-fit:contain">',
        source,
        image.alt_text,
        width,
        width,
    )


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["preview", "__str__", "alt_text_or_flag", "dimensions", "created_at"]
    list_display_links = ["preview", "__str__"]
    search_fields = ["title", "alt_text", "original_name", "file"]
    list_filter = ["content_type", "created_at"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "large_preview",
        "where_used",
        "address",
        "dimensions",
        "content_type",
        "size",
        "original_name",
        "uploaded_by",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["large_preview", "upload", "title", "alt_text"]}),
        (_("Where it is used"), {"fields": ["where_used"]}),
        (
            _("File"),
            {
                "fields": [
                    "address",
                    "dimensions",
                    "content_type",
                    "size",
                    "original_name",
                    "uploaded_by",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("renditions")

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["upload", "title", "alt_text"]})]
        return super().get_fieldsets(request, obj)

    @admin.display(description=_("image"))
    def preview(self, image):
        return thumbnail(image)

    @admin.display(description=_("image"))
    def large_preview(self, image):
        return thumbnail(image, width=320)

    @admin.display(description=_("alternative text"), ordering="alt_text")
    def alt_text_or_flag(self, image):
        if image.alt_text.strip():
            return image.alt_text
        return format_html('<strong class="errornote">{}</strong>', _("missing"))

    @admin.display(description=_("size"))
    def dimensions(self, image):
        return f"{image.width} × {image.height}"

    @admin.display(description=_("address"))
    def address(self, image):
        return image.url

    @admin.display(description=_("articles"))
    def where_used(self, image):
        articles = usage.articles_using(image)
        if not articles:
            return _("Not used in any article.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({})</li>',
                (
                    (
                        reverse("admin:publications_article_change", args=[a.pk]),
                        a.title,
                        a.get_status_display(),
                    )
                    for a in articles
                ),
            ),
        )

    def save_model(self, request, obj, form, change):
        clean = form.cleaned_image
        name = form.cleaned_data["upload"].name if clean else ""
        if not change:
            services.store_image(clean, original_name=name, user=request.user, image=obj)
            return
        obj.save()
        if clean is not None:
            rewritten = services.replace_image(obj, clean, original_name=name)
            messages.info(
                request,
                ngettext(
                    "The new file is shown in %(count)d article.",
                    "The new file is shown in %(count)d articles.",
                    len(rewritten),
                )
                % {"count": len(rewritten)},
            )

    def get_deleted_objects(self, objs, request):
        """An image an article shows cannot be deleted: those articles are listed."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for image in objs:
            for article in usage.articles_using(image):
                protected.append(
                    format_html(
                        '{}: <a href="{}">{}</a>',
                        _("Article"),
                        reverse("admin:publications_article_change", args=[article.pk]),
                        article.title,
                    )
                )
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        services.delete_images([obj])

    def delete_queryset(self, request, queryset):
        services.delete_images(queryset.prefetch_related("renditions"))

    def get_urls(self):
        return [
            path("upload/", self.admin_site.admin_view(upload), name="images_image_upload"),
        ] + super().get_urls()

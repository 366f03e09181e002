from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services
from .forms import RedirectForm, RedirectImportForm
from .models import Redirect


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    form = RedirectForm
    list_display = ["old_path", "target", "origin", "created_at"]
    list_filter = ["origin"]
    search_fields = ["old_path", "new_path", "article__title", "series__slug"]
    list_select_related = ["article__series", "series"]
    readonly_fields = ["article", "series", "origin", "created_at"]
    change_list_template = "admin/redirects/redirect/change_list.html"

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["old_path", "new_path"]
        return ["old_path", "new_path", "article", "series", "origin", "created_at"]

    @admin.display(description=gettext_lazy("new address"))
    def target(self, obj):
        return obj.target_description()

    def save_model(self, request, obj, form, change):
        if not change:
            obj.origin = Redirect.Origin.MANUAL
        super().save_model(request, obj, form, change)

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="redirects_redirect_import")] + super().get_urls()

    def import_view(self, request):
        """Upload a CSV of redirects: all rows checked, then all stored, or none."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = RedirectImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            created, updated = services.import_rows(form.rows)
            messages.success(
                request,
                _("Imported %(created)d new redirects and updated %(updated)d.")
                % {"created": created, "updated": updated},
            )
            return redirect("admin:redirects_redirect_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Import redirects"),
        }
        return render(request, "admin/redirects/redirect/import.html", context)

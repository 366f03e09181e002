"""Admin for PDF exports: the bulk action on articles and the job progress page."""

from django.contrib import admin, messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .background import start_export
from .exports import delete_jobs
from .models import PdfExportJob


@admin.action(description=_("Export selected articles as PDF (ZIP)"), permissions=["view"])
def export_pdfs(modeladmin, request, queryset):
    """Only records the job and enqueues it: the worker renders, however many there are."""
    ids = list(
        queryset.order_by("series__position", "-published_at", "-id").values_list("pk", flat=True)
    )
    job = start_export(request.user, ids)
    modeladmin.message_user(
        request,
        ngettext(
            "Exporting %(count)d article as PDF in the background.",
            "Exporting %(count)d articles as PDF in the background.",
            len(ids),
        )
        % {"count": len(ids)},
        messages.SUCCESS,
    )
    return redirect(job.get_absolute_url())


@admin.register(PdfExportJob)
class PdfExportJobAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "progress", "requested_by", "created_at", "download"]
    list_filter = ["status"]
    fields = ["status", "total", "done", "requested_by", "created_at", "started_at", "finished_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        jobs = super().get_queryset(request).select_related("requested_by")
        return jobs if request.user.is_superuser else jobs.filter(requested_by=request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        download = self.admin_site.admin_view(self.download_view)
        return [
            path("<int:pk>/download/", download, name="publications_pdfexportjob_download"),
            *super().get_urls(),
        ]

    @admin.display(description=_("progress"))
    def progress(self, job):
        return f"{job.done} / {job.total}"

    @admin.display(description=_("ZIP file"))
    def download(self, job):
        if not job.zip_file:
            return "—"
        url = reverse("admin:publications_pdfexportjob_download", args=[job.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download ZIP"))

    def download_view(self, request, pk):
        job = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_permission(request, job) or not job.zip_file:
            raise Http404
        return FileResponse(
            job.zip_file.open("rb"), as_attachment=True, filename=f"pdf-export-{job.pk}.zip"
        )

    def delete_model(self, request, obj):
        delete_jobs([obj])

    def delete_queryset(self, request, queryset):
        delete_jobs(queryset)

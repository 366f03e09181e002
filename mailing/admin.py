from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import addresses, services
from .models import Mail, OptOut


class MailboxSearchMixin:
    """Search also finds every spelling of the mailbox a term names (addresses.key)."""

    mailbox_field = None

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if "@" in term and " " not in term:
            results |= queryset.filter(**{self.mailbox_field: addresses.key(term)})
        return results, may_have_duplicates


@admin.register(Mail)
class MailAdmin(MailboxSearchMixin, admin.ModelAdmin):
    """Read-only: mails are written by readers and the worker, never by hand."""

    list_display = [
        "created_at",
        "status",
        "article",
        "recipient",
        "attempts",
        "last_error",
        "sent_at",
    ]
    list_filter = ["status", "created_at", "sent_at"]
    list_select_related = ["article"]
    search_fields = ["recipient", "title", "article__title"]
    mailbox_field = "recipient_key"
    date_hierarchy = "created_at"
    actions = ["retry_failed"]
    fields = [
        "article",
        "recipient",
        "title",
        "message",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "updated_at",
        "due_at",
        "sent_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The list needs "change" for the retry action; a single mail is never edited.
        return obj is None and super().has_change_permission(request)

    @admin.action(description=_("Retry the selected failed mails"), permissions=["change"])
    def retry_failed(self, request, queryset):
        count = services.retry_failed(queryset)
        self.message_user(
            request,
            ngettext("%d failed mail queued again.", "%d failed mails queued again.", count)
            % count,
            messages.SUCCESS,
        )


@admin.register(OptOut)
class OptOutAdmin(MailboxSearchMixin, admin.ModelAdmin):
    """Addresses are stored as mailbox keys: whatever spelling is typed, the key is kept."""

    list_display = ["address", "created_at"]
    search_fields = ["address"]
    mailbox_field = "address"
    readonly_fields = ["created_at"]

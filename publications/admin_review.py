"""The article admin's review desk: workflow rules on the form, revisions, history, columns.

ReviewAdminMixin goes before django-reversion-compare's CompareVersionAdmin in
ArticleAdmin's bases. It

- gives the form the editor who posts it, so publishing rules are checked
  on the server (workflow.check), and logs every status move (workflow.record);
- makes published and scheduled articles read-only for non-publishers;
- keeps one revision per save, taken once authors, tags and attachments are
  saved (revisions.keep), and restores through django-reversion's revision
  view (a restore is itself a new revision, logged as "restored");
- compares two revisions side by side, the body as text;
- adds the history to the change page and the status colours and download
  counts to the list.

Preview and the attention list are views of their own (admin_preview.py,
admin_attention.py); the bulk actions are in admin_actions.py.
"""

from contextlib import contextmanager
from types import SimpleNamespace

from django import forms
from django.contrib.admin import display
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from . import revisions, workflow
from .models import Article, Attachment, StateChange

Status = Article.Status

# The buttons under the form: each sets the status it names (see WorkflowForm).
TRANSITION_FIELD = "_transition"


class WorkflowForm(forms.ModelForm):
    """The article form's half of the workflow: which statuses, and who may choose them.

    `workflow_user` (set by ReviewAdminMixin.get_form) is the editor posting;
    `workflow_before` the status the article had before this edit (None for a
    new one). A hand-posted status the user may not choose is refused here,
    with a message, whatever the page offered.
    """

    workflow_user = None
    workflow_before = None

    workflow_comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Kept in the article's log with this status change. Needed to request changes."
        ),
    )

    def __init__(self, data=None, *args, **kwargs):
        chosen = data.get(TRANSITION_FIELD) if data is not None else None
        if chosen in Status.values:
            data = data.copy()
            data["status"] = chosen
        super().__init__(data, *args, **kwargs)
        status = self.fields.get("status")
        if status is not None and self.workflow_user is not None:
            allowed = workflow.allowed_statuses(self.workflow_user)
            # Offer only what this user may choose; validation still hears every
            # choice, so a hand-posted one gets workflow's message, not a generic one.
            status.widget.choices = [c for c in status.choices if c[0] in allowed]

    def clean(self):
        cleaned = super().clean()
        after = cleaned.get("status", self.workflow_before)
        comment = cleaned.get("workflow_comment", "")
        try:
            workflow.check(self.workflow_user, self.workflow_before, after, comment)
        except workflow.WorkflowError as refused:
            self.add_error("status" if "status" in self.fields else None, str(refused))
        return cleaned


class ReviewAdminMixin:
    compare_fields = [
        "series",
        "language",
        "title",
        "slug",
        "summary",
        "body",
        "status",
        "published_at",
    ]
    history_latest_first = True
    compare_template = "admin/publications/article/compare.html"

    class Media:
        css = {"all": ["css/admin-review.css"]}

    def reversion_register(self, model, **kwargs):
        """The article's registrations are revisions.register()'s, whoever comes first."""
        if model in revisions.registrations():
            revisions.register()
        else:
            super().reversion_register(model, **kwargs)

    # --- the form and who may change what ----------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        restore = getattr(request, "workflow_restore", None)
        before = restore["before"] if restore else (obj.status if obj is not None else None)
        attrs = {"workflow_user": request.user, "workflow_before": before}
        return type(form.__name__, (form,), attrs)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.may_edit(request.user, obj))

    def has_publish_permission(self, request):
        """For the bulk actions that publish or unpublish (allowed_permissions = ("publish",))."""
        return workflow.can_publish(request.user)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None or self.has_change_permission(request, obj):
            fieldsets.append((_("Review"), {"fields": ["workflow_comment"]}))
        if obj is not None:
            fieldsets.append((_("History"), {"fields": ["state_log", "recent_revisions"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "state_log", "recent_revisions"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        restore = getattr(request, "workflow_restore", None)
        workflow.record(
            obj,
            form.workflow_before,
            request.user,
            form.cleaned_data.get("workflow_comment", ""),
            action=StateChange.Action.RESTORED if restore else None,
        )

    # --- revisions -----------------------------------------------------------

    @contextmanager
    def create_revision(self, request):
        with revisions.revision(request.user):
            yield

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        revisions.keep(obj)  # now that authors, tags and attachments are saved too
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        revisions.keep(obj)
        return entry

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restore: allowed when the article as it is now may be changed by this user."""
        current = get_object_or_404(Article, pk=unquote(object_id))
        if not self.has_change_permission(request, current):
            raise PermissionDenied
        request.workflow_restore = {"before": current.status}
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        request.workflow_restore = {"before": None}
        return super().recover_view(request, version_id, extra_context)

    # --- comparing two revisions ---------------------------------------------

    def compare(self, obj, version1, version2):
        diff, _unfollowed = super().compare(obj, version1, version2)
        older, newer = revisions.related_lists(version1), revisions.related_lists(version2)
        for key, label in revisions.RELATED_LABELS.items():
            if older[key] != newer[key]:
                diff.append(
                    {
                        "field": SimpleNamespace(verbose_name=label, help_text=""),
                        "is_related": True,
                        "follow": True,
                        "diff": revisions.side_by_side(
                            "\n".join(older[key]), "\n".join(newer[key])
                        ),
                    }
                )
        return diff, False

    def compare_body(self, obj_compare):
        return revisions.side_by_side(
            revisions.as_text(obj_compare.value1), revisions.as_text(obj_compare.value2)
        )

    def compare_title(self, obj_compare):
        return revisions.side_by_side(obj_compare.value1, obj_compare.value2)

    compare_summary = compare_title

    # --- the change page's history -------------------------------------------

    @display(description=_("status changes"))
    def state_log(self, article):
        changes = article.state_changes.select_related("user")[:50]
        if not changes:
            return gettext("No status change yet.")
        return format_html(
            '<ul class="state-log">{}</ul>',
            format_html_join(
                "",
                "<li><time>{}</time> {} <strong>{}</strong>{}{}</li>",
                (
                    (
                        _local(change.at),
                        change.user or gettext("(import or system)"),
                        change.get_action_display(),
                        (
                            " " + gettext("for %(date)s") % {"date": _local(change.published_at)}
                            if change.action == StateChange.Action.SCHEDULED
                            else ""
                        ),
                        format_html(": <q>{}</q>", change.comment) if change.comment else "",
                    )
                    for change in changes
                ),
            ),
        )

    @display(description=_("revisions"))
    def recent_revisions(self, article):
        versions = (
            Version.objects.get_for_object(article)
            .select_related("revision__user")
            .order_by("-pk")[:10]
        )
        history = reverse("admin:publications_article_history", args=[article.pk])
        rows = format_html_join(
            "",
            "<li><time>{}</time> {} — {}</li>",
            (
                (
                    _local(v.revision.date_created),
                    v.revision.user or gettext("(import or system)"),
                    v.revision.get_comment() or "—",
                )
                for v in versions
            ),
        )
        return format_html(
            '<ul class="revision-list">{}</ul><a href="{}">{}</a>',
            rows,
            history,
            gettext("Every revision: compare, restore"),
        )

    # --- the list ------------------------------------------------------------

    def get_queryset(self, request):
        downloads = (
            Attachment.objects.filter(article=OuterRef("pk"))
            .values("article")
            .annotate(total=Sum("download_count"))
            .values("total")
        )
        return super().get_queryset(request).annotate(downloads=Coalesce(Subquery(downloads), 0))

    @display(description=_("status"), ordering="status")
    def status_badge(self, article):
        if article.is_scheduled:
            key, label = "scheduled", gettext("Scheduled")
        else:
            key, label = article.status, article.get_status_display()
        return format_html('<span class="status-badge status-{}">{}</span>', key, label)

    @display(description=_("downloads"), ordering="downloads")
    def download_count(self, article):
        return article.downloads


def _local(moment):
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i") if moment else ""

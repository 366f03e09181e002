"""Bulk actions of the article list: publish, unpublish, move to a series, add a tag.

Publishing and unpublishing need the publish permission (Django offers, and
runs, an action only for users with its `allowed_permissions`). Moving and
tagging skip the articles the user may not change (published ones, for an
editor) and say so. Each article changed gets a revision and, for a status
move, a line in its log.
"""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import revisions, workflow
from .models import Article, Series
from .validators import clean_text

TAG_MAX_LENGTH = 100


def _move_all(request, queryset, status, comment):
    moved, refused = 0, []
    selected = Article.objects.filter(pk__in=queryset.values("pk"))
    with transaction.atomic(), revisions.revision(request.user, comment):
        for article in selected.select_for_update():
            try:
                if workflow.move(article, status, request.user) is not None:
                    revisions.keep(article)
                    moved += 1
            except workflow.WorkflowError as problem:
                refused.append(f"{article.title}: {problem}")
    for message in refused:
        messages.warning(request, message)
    return moved


@admin.action(description=gettext_lazy("Publish selected articles"), permissions=["publish"])
def publish_selected(modeladmin, request, queryset):
    moved = _move_all(request, queryset, Article.Status.PUBLISHED, _("Published (bulk action)"))
    messages.success(
        request, ngettext("%d article published.", "%d articles published.", moved) % moved
    )


@admin.action(description=gettext_lazy("Unpublish selected articles"), permissions=["publish"])
def unpublish_selected(modeladmin, request, queryset):
    moved = _move_all(request, queryset, Article.Status.DRAFT, _("Unpublished (bulk action)"))
    messages.success(
        request, ngettext("%d article unpublished.", "%d articles unpublished.", moved) % moved
    )


class SeriesChoiceForm(forms.Form):
    series = forms.ModelChoiceField(queryset=Series.objects.all(), label=gettext_lazy("Series"))


class TagForm(forms.Form):
    tag = forms.CharField(label=gettext_lazy("Tag"), max_length=TAG_MAX_LENGTH)

    def clean_tag(self):
        name = clean_text(self.cleaned_data["tag"], multiline=False).strip()
        if not name:
            raise forms.ValidationError(_("Give a tag name."))
        return name


def _editable(modeladmin, request, queryset):
    """The selected articles this user may change; warns about the others."""
    editable = [a for a in queryset if modeladmin.has_change_permission(request, a)]
    skipped = len(queryset) - len(editable)
    if skipped:
        messages.warning(
            request,
            ngettext(
                "%d article was left alone: only a publisher may change it.",
                "%d articles were left alone: only a publisher may change them.",
                skipped,
            )
            % skipped,
        )
    return editable


def _ask(modeladmin, request, queryset, form, action, title):
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": title,
        "form": form,
        "articles": queryset,
        "action": action,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/publications/article/bulk_form.html", context)


@admin.action(
    description=gettext_lazy("Move selected articles to a series"), permissions=["change"]
)
def move_to_series(modeladmin, request, queryset):
    form = SeriesChoiceForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        return _ask(modeladmin, request, queryset, form, "move_to_series", _("Move to a series"))
    target = form.cleaned_data["series"]
    moved, clashing = 0, []
    with transaction.atomic(), revisions.revision(request.user, _("Moved to %s") % target):
        for article in _editable(modeladmin, request, queryset):
            if Article.objects.filter(series=target, slug=article.slug).exclude(pk=article.pk):
                clashing.append(article.title)
                continue
            article.series = target
            article.save()
            revisions.keep(article)
            moved += 1
    messages.success(request, ngettext("%d article moved.", "%d articles moved.", moved) % moved)
    if clashing:
        messages.warning(
            request,
            _("Not moved, that series has an article with the same slug: %s") % ", ".join(clashing),
        )
    return None


@admin.action(description=gettext_lazy("Add a tag to selected articles"), permissions=["change"])
def add_tag(modeladmin, request, queryset):
    form = TagForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        return _ask(modeladmin, request, queryset, form, "add_tag", _("Add a tag"))
    name = form.cleaned_data["tag"]
    tagged = 0
    with transaction.atomic(), revisions.revision(request.user, _("Tagged %s") % name):
        for article in _editable(modeladmin, request, queryset):
            article.tags.add(name)
            revisions.keep(article)
            tagged += 1
    done = ngettext("%d article tagged.", "%d articles tagged.", tagged) % tagged
    messages.success(request, done)
    return None


ACTIONS = [publish_selected, unpublish_selected, move_to_series, add_tag]

"""The article admin's own pages: preview of unsaved changes, the publishers' attention list.

Preview: the change form posts to `<pk>/preview/` (or `add/preview/`); the
posted form is kept in the editor's own session under a random token and the
browser is sent to `preview/<token>/`. That page saves the form inside a
transaction that is always rolled back, renders the real article template
from the saved state (tags, authors and all), and answers it. Nothing is
stored, announced or indexed; another user, whose session lacks the token,
gets 404.
"""

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _

from . import attention, page_cache, workflow
from .models import Article, ArticleAuthor
from .views import article_editions

ARTICLE_TEMPLATE = "publications/article_detail.html"  # the page a reader sees

SESSION_KEY = "article_previews"
KEPT_PREVIEWS = 10


def start_preview(model_admin, request, pk=None):
    """POST: keep the posted form for preview; redirect to its private URL."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = get_object_or_404(Article, pk=pk) if pk is not None else None
    allowed = (
        model_admin.has_change_permission(request, article)
        if article is not None
        else model_admin.has_add_permission(request)
    )
    if not allowed:
        raise PermissionDenied
    previews = dict(request.session.get(SESSION_KEY, {}))
    while len(previews) >= KEPT_PREVIEWS:
        previews.pop(next(iter(previews)))
    token = secrets.token_urlsafe(18)
    previews[token] = {"pk": pk, "data": dict(request.POST.lists())}
    request.session[SESSION_KEY] = previews
    return redirect("admin:publications_article_preview", token)


def show_preview(model_admin, request, token):
    """The article as a reader would see it with the kept changes; only for whoever made them."""
    kept = request.session.get(SESSION_KEY, {}).get(token)
    if kept is None:
        raise Http404
    article = get_object_or_404(Article, pk=kept["pk"]) if kept["pk"] is not None else None
    if article is not None and not model_admin.has_change_permission(request, article):
        raise Http404
    data = QueryDict(mutable=True)
    for key, values in kept["data"].items():
        data.setlist(key, values)
    form_class = model_admin.get_form(request, article, change=article is not None)
    form = form_class(data, instance=article)
    if not form.is_valid():
        messages = [m for errors in form.errors.values() for m in errors]
        page = render_to_string(
            "admin/publications/article/preview_errors.html", {"errors": messages}, request
        )
        return HttpResponse(page, status=400)
    with transaction.atomic():
        saved = form.save()
        authors = _authors_formset(model_admin, request, saved, data)
        if authors is not None and authors.is_valid():
            authors.save()
        page = _render(request, Article.objects.for_page().get(pk=saved.pk))
        transaction.set_rollback(True)  # a preview stores nothing
    response = HttpResponse(page)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _authors_formset(model_admin, request, article, data):
    for inline in model_admin.get_inline_instances(request, article):
        if inline.model is ArticleAuthor:
            formset_class = inline.get_formset(request, article)
            return formset_class(data, instance=article, prefix=formset_class.get_default_prefix())
    return None


def _render(request, article):
    with translation.override(article.language):
        context = {
            "article": article,
            "absolute_url": article.absolute_url,
            "staff_tools": True,
            "is_preview": True,
            **article_editions(request, article),
        }
        fresh = page_cache.fresh_values(request, article.hits)
        return render_to_string(ARTICLE_TEMPLATE, {**context, **fresh}, request)


def attention_list(model_admin, request):
    """Publishers' list: what waits in review, what is scheduled, what has a problem."""
    if not workflow.can_publish(request.user):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "title": _("Needs my attention"),
        "in_review": attention.in_review().order_by("updated_at"),
        "scheduled": attention.scheduled(),
        "problems": attention.problems(),
    }
    return TemplateResponse(request, "admin/publications/article/attention.html", context)

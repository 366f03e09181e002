"""The form's endpoint and the opt-out link. Forms validate, services act."""

from django.contrib import messages
from django.core import signing
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from thinktank.client import client_ip

from . import optout, ratelimit, services
from .forms import SendEmailForm, published_article_at, sign_started


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _answer(request, form, *, status, message="", article=None):
    """One answer, as JSON for the dialog's fetch or as a page/redirect without JavaScript."""
    if _wants_json(request):
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse(
            {"ok": status == 200, "message": message, "errors": errors}, status=status
        )
    if status == 200:
        messages.success(request, message)
        return redirect(article.get_absolute_url())
    return render(
        request,
        "mailing/send_email_page.html",
        {"form": form, "article": article, "error": message},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def send_email(request):
    """GET: the form on a page of its own (for readers without JavaScript). POST: send.

    GET asking for JSON answers a fresh start token only: the dialog takes one
    after each mail it sent, since a token sends one mail (a page view's worth).
    """
    if request.method != "POST":
        article = published_article_at(request.GET.get("url", ""))
        if article is None:
            raise Http404
        if _wants_json(request):
            return JsonResponse({"started": sign_started()})
        return render(
            request,
            "mailing/send_email_page.html",
            {"form": SendEmailForm.for_article(article), "article": article},
        )

    form = SendEmailForm(request.POST)
    if not form.is_valid():
        article = getattr(form, "article", None)
        return _answer(
            request,
            form,
            status=400,
            message=_("Please correct the errors below."),
            article=article,
        )
    sent = _("Your email has been accepted and will be sent shortly.")
    if form.looks_automated():
        # Same answer as a real success, so a bot learns nothing; nothing is stored.
        return _answer(request, form, status=200, message=sent, article=form.article)
    if not form.claim_started():
        # A replayed form: a double-clicked Send (the first request sends the mail)
        # or a bot reusing one page view for many mails. Said plainly, so a person
        # knows the mail went once and how to send another; a bot learns only
        # that it must fetch a page per mail, which is the point.
        return _answer(
            request,
            _with_fresh_start(form),
            status=409,
            message=_(
                "This form has already been sent, so it was not sent again. "
                "To send another email, reload the page."
            ),
            article=form.article,
        )
    try:
        services.request_mail(
            article=form.article,
            recipient=form.cleaned_data["recipient"],
            title=form.cleaned_data["title"],
            message=form.cleaned_data["message"],
            client_ip=client_ip(request),
        )
    except ratelimit.RateLimited as exc:
        form.release_started()  # nothing was sent with it: the person may try again later
        return _answer(request, form, status=429, message=str(exc), article=form.article)
    return _answer(request, form, status=200, message=sent, article=form.article)


def _with_fresh_start(form):
    """`form` as sent, with a new start token: the page shown without JavaScript can send."""
    data = form.data.copy()
    data["started"] = sign_started()
    fresh = SendEmailForm(data)
    fresh.is_valid()
    return fresh


@csrf_exempt  # RFC 8058: mail providers POST "List-Unsubscribe=One-Click" with no token.
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET asks for confirmation (link scanners must not opt anyone out); POST opts out."""
    try:
        address = optout.read_token(token)
    except signing.BadSignature:
        return render(request, "mailing/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        optout.opt_out(address)
        return render(request, "mailing/unsubscribe.html", {"done": True, "address": address})
    return render(request, "mailing/unsubscribe.html", {"address": address})

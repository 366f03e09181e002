"""Review before publishing: who may move an article to which status, and the log of moves.

Editors (and authors) write drafts and submit them for review; publishers
(`publications.publish_article`, the "Publishers" group) publish, schedule,
unpublish, send an article back with "request changes", and edit anything.
A published or scheduled article is the publishers' alone: an editor's change
to it would go live with nobody else looking.

Every path that changes a status asks check() first (the admin form, the bulk
actions, restoring a revision) and calls record() after saving, so the rules
hold on the server whatever a browser posts.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Article, StateChange

PUBLISH_PERMISSION = "publications.publish_article"

Status = Article.Status
Action = StateChange.Action


class WorkflowError(Exception):
    """A move the user may not make; str() says why, for the editor to read."""


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def allowed_statuses(user):
    """The statuses `user` may put an article in."""
    if can_publish(user):
        return list(Status.values)
    return [Status.DRAFT, Status.REVIEW]


def may_edit(user, article):
    """Whether `user` may change `article` at all (an unsaved one: yes)."""
    return can_publish(user) or article.pk is None or article.status != Status.PUBLISHED


def check(user, before, after, comment=""):
    """Raise WorkflowError unless `user` may move an article from status `before` to `after`.

    `before` is None for a new article. Sending an article in review back to
    draft is "request changes" when a publisher does it, and needs a comment.
    """
    if can_publish(user):
        if before == Status.REVIEW and after == Status.DRAFT and not comment.strip():
            raise WorkflowError(
                _("Say what should change: a comment is needed to request changes.")
            )
        return
    if before == Status.PUBLISHED:
        raise WorkflowError(_("Only a publisher may change a published or scheduled article."))
    if after == Status.PUBLISHED:
        raise WorkflowError(
            _("Only a publisher may publish or schedule an article: submit it for review.")
        )


def action_for(user, before, after, published_at):
    """The StateChange action a move is, or None when the status did not change."""
    if before == after or (before is None and after == Status.DRAFT):
        return None
    if after == Status.PUBLISHED:
        return Action.SCHEDULED if published_at > timezone.now() else Action.PUBLISHED
    if before == Status.PUBLISHED:
        return Action.UNPUBLISHED
    if after == Status.REVIEW:
        return Action.SUBMITTED
    return Action.CHANGES_REQUESTED if can_publish(user) else Action.WITHDRAWN


def record(article, before, user=None, comment="", action=None):
    """Log the move of `article` (already saved) from status `before` to its status now.

    Returns the StateChange, or None when nothing moved and no `action` was
    given (RESTORED is logged even when the status stays).
    """
    action = action or action_for(user, before, article.status, article.published_at)
    if action is None:
        return None
    return StateChange.objects.create(
        article=article,
        action=action,
        from_status=before or Status.DRAFT,
        to_status=article.status,
        published_at=article.published_at,
        user=user if user is not None and user.is_authenticated else None,
        comment=comment,
    )


def move(article, after, user, comment=""):
    """Check, set, save and log a status change (the bulk actions' path). Returns the log entry."""
    before = article.status
    check(user, before, after, comment)
    if before == after:
        return None
    article.status = after
    article.save()
    return record(article, before, user, comment)

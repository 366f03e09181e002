"""Posting the article add form of the admin as a browser would."""

from publications.models import Article


def article_form(series, **fields):
    data = {
        "series": series.pk,
        "language": "en",
        "translation": "",
        "title": "A title",
        "slug": "a-title",
        "summary": "",
        "body": "<p>Body</p>",
        "tags": "",
        "status": "published",
        "published_at_0": "2024-05-01",
        "published_at_1": "09:00:00",
        "_save": "Save",
    }
    for prefix in ("article_authors", "attachments"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data | fields


def post_article(client, series, **fields):
    """POST the add form; return (response, the Article saved or None)."""
    response = client.post("/admin/publications/article/add/", article_form(series, **fields))
    return response, Article.objects.filter(series=series).order_by("-pk").first()


def form_errors(response):
    """Every error message of the admin form and its inlines (empty when it saved)."""
    if response.status_code == 302 or response.context is None:
        return []
    form = response.context["adminform"].form
    return [message for messages in form.errors.values() for message in messages]

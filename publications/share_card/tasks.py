"""The share-card job the Celery worker runs; it only calls store."""

from celery import shared_task

from . import store


@shared_task(name="publications.share_card.tasks.warm_share_cards")
def warm_share_cards(article_ids):
    """Draw and store the current share cards of these articles."""
    return store.warm_cards(article_ids)

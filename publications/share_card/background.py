"""Share cards follow articles_changed: the worker draws the new versions.

Connected in PublicationsConfig.ready. A broker out of reach is logged, never
raised: the card is then drawn on its first request.
"""

import logging

from .tasks import warm_share_cards

logger = logging.getLogger(__name__)

WARM_CHUNK = 50


def warm_changed_articles(sender, article_ids, **kwargs):
    ids = sorted(article_ids)
    for start in range(0, len(ids), WARM_CHUNK):
        try:
            warm_share_cards.delay(ids[start : start + WARM_CHUNK])
        except Exception:
            logger.exception("Could not enqueue share cards; they will be drawn on request")
            return

"""The language of an article, for the search filter: the one place that decides it.

Until articles carry a `language` field, an article is Korean when its title
contains Hangul and English otherwise; once `Article.language` exists it is used
as it is.
"""

from .tokenizer import has_hangul


def article_language(article):
    stored = getattr(article, "language", None)
    if stored:
        return stored
    return "ko" if has_hangul(article.title) else "en"

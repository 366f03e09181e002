"""An article's language and its translations: the one place that reads them."""

from django.conf import settings

# Open Graph wants a territory with the language.
OG_LOCALES = {"ko": "ko_KR", "en": "en_US"}


def article_language(article):
    """The language an article is written in ("ko" or "en")."""
    return article.language or settings.LANGUAGE_CODE


def article_translations(article):
    """The published translations of `article` (the other edition's, when there is one)."""
    other = article.translation()
    return [other] if other is not None else []


def og_locale(language):
    return OG_LOCALES.get(language, language)


def is_translation_of(article, other):
    """True when `article` was translated from `other` (the earlier-published is the original)."""
    return (other.published_at, other.pk) < (article.published_at, article.pk)

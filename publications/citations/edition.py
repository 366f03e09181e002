"""An article's language and its translations: the one place that reads them."""

from django.conf import settings

# Open Graph wants a territory with the language.
OG_LOCALES = {"ko": "ko_KR", "en": "en_US"}


def article_language(article):
    """The language an article is written in ("ko" or "en")."""
    return getattr(article, "language", None) or settings.LANGUAGE_CODE


def article_translations(article):
    """The published translations of `article` (other languages, same work)."""
    found = getattr(article, "translations", None)
    if callable(found):
        found = found()
    elif found is None:
        single = getattr(article, "translation", None)
        found = [single] if single is not None else []
    return [other for other in found if other.pk != article.pk and other.is_public]


def og_locale(language):
    return OG_LOCALES.get(language, language)


def is_translation_of(article, other):
    """True when `article` was translated from `other` (the earlier-published is the original)."""
    return (other.published_at, other.pk) < (article.published_at, article.pk)

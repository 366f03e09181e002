"""The site's two editions, and names given in both languages.

An article is written in one language (`Article.language`) and may have a
translation in the other. Series and authors are shared by both editions:
their names, descriptions, titles and bios have one field per language
(`name_ko`, `name_en` ...), and `translated("name")` gives a model the
attribute `name` that reads the active language's field and falls back to
the other, so templates keep writing `{{ series.name }}`.

The text read carries the language it is in (`InLanguage.lang`), so a page
can mark a Korean name inside an English page with `lang="ko"` (WCAG 3.1.2).
"""

import re

from django.conf import settings
from django.utils import translation

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")


def codes():
    """The language codes of the site's editions, default first ("ko", "en")."""
    default = settings.LANGUAGE_CODE
    return [default] + [code for code, _ in settings.LANGUAGES if code != default]


def has_hangul(text):
    return bool(HANGUL.search(text or ""))


def language_of_text(text):
    """Korean when the text has Hangul in it, English otherwise (a guess for old data)."""
    return "ko" if has_hangul(text) else "en"


def other(code):
    """The other edition's language."""
    return next(c for c in codes() if c != code)


def active():
    """The active language, reduced to one of the editions (en-us -> en)."""
    current = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return current if current in codes() else settings.LANGUAGE_CODE


def by_preference():
    """The editions' languages, the active one first: the order names are looked up in."""
    current = active()
    return [current] + [code for code in codes() if code != current]


class InLanguage(str):
    """A text that knows its language: `{{ series.name.lang }}` in a template."""

    lang = ""

    def __new__(cls, text, lang):
        value = super().__new__(cls, text)
        value.lang = lang
        return value


def translated(base):
    """A property reading `<base>_<language>`: the active language first, then the others.

    Assigning to it (Series(name="한미 관계"), a factory, an old import)
    stores the text as the name in the language it is written in.
    """

    def read(instance):
        for code in by_preference():
            text = getattr(instance, f"{base}_{code}", "")
            if text:
                return InLanguage(text, code)
        return InLanguage("", active())

    def write(instance, text):
        setattr(instance, f"{base}_{language_of_text(text)}", text or "")

    return property(read, write, doc=f"The {base} in the active language, or the other one.")

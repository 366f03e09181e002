from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from publications import languages

from .query import clean_query

ALL_LANGUAGES = "all"


class SearchForm(forms.Form):
    """The reader's search: any text is accepted (cut and cleaned); bad filters are dropped."""

    q = forms.CharField(label=_("Search"), required=False, strip=False)
    series = forms.SlugField(required=False, allow_unicode=True, max_length=120)
    author = forms.SlugField(required=False, allow_unicode=True, max_length=120)
    tag = forms.SlugField(required=False, allow_unicode=True, max_length=100)
    year = forms.IntegerField(required=False, min_value=1900, max_value=2999)
    # Absent: the edition's language; "all": both.
    language = forms.ChoiceField(
        required=False,
        choices=[("", ""), (ALL_LANGUAGES, ALL_LANGUAGES)] + list(settings.LANGUAGES),
    )
    sort = forms.ChoiceField(
        required=False,
        choices=[("relevance", _("Relevance")), ("date", _("Date"))],
    )

    def clean_q(self):
        return clean_query(self.cleaned_data.get("q"))

    def search_arguments(self):
        """(text, filters, sort), leaving out every field that did not validate."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}
        text = data.pop("q", "")
        sort = data.pop("sort", "relevance")
        # A reader searches their edition's publications unless they ask for both.
        if data.get("language") == ALL_LANGUAGES:
            del data["language"]
        else:
            data.setdefault("language", languages.active())
        return text, data, sort

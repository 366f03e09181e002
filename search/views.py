from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.formats import localize
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from publications.page_cache import shared_page

from . import snippets
from .facets import labelled
from .forms import ALL_LANGUAGES, SearchForm
from .services import search

PER_PAGE = 10


class Results:
    """The results as a sequence the Paginator slices: only the page shown is loaded."""

    def __init__(self, found):
        self.found = found

    def count(self):
        return self.found.count

    def __len__(self):
        return self.found.count

    def __getitem__(self, window):
        return self.found.page(window.start or 0, window.stop)


FACET_LABELS = {
    "series": _("Series"),
    "author": _("Author"),
    "tag": _("Tag"),
    "year": _("Year"),
    "language": _("Language"),
}


def facet_controls(facets, filters):
    """One select per filter: its options with counts (as HTML) and the chosen value.

    The options are written here by format_html_join (which escapes), rather
    than by a template loop: a page has some sixty of them, and the template
    engine took about 2 ms a page for what this takes about 0.5 ms.
    """
    languages = dict(settings.LANGUAGES)
    controls = []
    for name, label in FACET_LABELS.items():
        chosen = str(filters.get(name, ""))
        options = format_html_join(
            "",
            '<option value="{}"{}>{} ({})</option>',
            (
                (
                    value,
                    " selected" if str(value) == chosen else "",
                    languages.get(text, text) if name == "language" else text,
                    localize(count),
                )
                for value, text, count in facets[name]
            ),
        )
        every = ALL_LANGUAGES if name == "language" else ""
        controls.append({"name": name, "label": label, "options": options, "every": every})
    return controls


@shared_page
def results(request):
    """The search page: the form, the filters with counts, ten results a page.

    The same page for every anonymous reader who asks the same address, so it is
    a shared page (publications.page_cache): asked again, publications.fast_path
    answers it from the cache in one round trip, until the content or the index
    changes (search.cache.bump_index_generation makes it stale too).
    """
    form = SearchForm(request.GET)
    text, filters, sort = form.search_arguments()
    found = search(text, filters, sort)
    page = Paginator(Results(found), PER_PAGE).get_page(request.GET.get("page"))
    tokens = found.parsed.tokens
    snippets.mark_articles(page.object_list, tokens)
    params = request.GET.copy()
    params.pop("page", None)
    both_languages = params.copy()
    both_languages["language"] = ALL_LANGUAGES
    return render(
        request,
        "search/results.html",
        {
            "form": form,
            "query": text,
            "searched": bool(found.parsed),
            "filters": filters,
            "sort": sort,
            "facets": facet_controls(labelled(found.facets), filters),
            "page_obj": page,
            "querystring": params.urlencode(),
            "both_languages_querystring": both_languages.urlencode(),
        },
    )

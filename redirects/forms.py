"""Redirects added by hand and imported from CSV: checked before anything is stored."""

import csv
import io

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .lookup import find
from .models import Redirect
from .paths import check_no_loop, clean_old_path, clean_target

CSV_MAX_BYTES = 2 * 1024 * 1024
CSV_MAX_ERRORS = 50


def lookup_with(extra=None):
    """A lookup for paths.check_no_loop: stored redirects plus `extra` ones."""

    def lookup(address):
        path, _, query = address.split("#")[0].partition("?")
        return find(path, query, extra=extra)

    return lookup


class RedirectForm(forms.ModelForm):
    class Meta:
        model = Redirect
        fields = ["old_path", "new_path"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_path"].required = not (self.instance.article_id or self.instance.series_id)

    def clean_old_path(self):
        return clean_old_path(self.cleaned_data.get("old_path"))

    def clean_new_path(self):
        value = self.cleaned_data.get("new_path")
        return clean_target(value) if value else ""

    def clean(self):
        cleaned = super().clean()
        old, new = cleaned.get("old_path"), cleaned.get("new_path")
        if old and new:
            try:
                check_no_loop(old, new, lookup_with())
            except ValidationError as error:
                self.add_error("new_path", error)
        return cleaned


class RedirectImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "Two columns: old address, new address (a header row is allowed). "
            "UTF-8. Nothing is imported unless every row is right."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > CSV_MAX_BYTES:
            raise ValidationError(_("The file is too large for a list of redirects (2 MB)."))
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("The file is not UTF-8 text.")) from None
        rows, errors = parse_rows(text)
        if errors:
            raise ValidationError(errors[:CSV_MAX_ERRORS])
        if not rows:
            raise ValidationError(_("The file lists no redirects."))
        self.rows = rows
        return upload


def parse_rows(text):
    """([(line, old, new)], [error messages naming their line]) for a CSV of redirects."""
    rows, errors, seen = [], [], {}
    try:
        lines = list(csv.reader(io.StringIO(text)))
    except csv.Error as error:
        return [], [_("The file is not a CSV file: %(error)s") % {"error": error}]
    for number, cells in enumerate(lines, start=1):
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        if number == 1 and not cells[0].startswith(("/", "http://", "https://")):
            continue  # a header row
        if len(cells) != 2:
            errors.append(_("Line %(n)d: two columns are needed, old and new.") % {"n": number})
            continue
        try:
            old, new = clean_old_path(cells[0]), clean_target(cells[1])
        except ValidationError as error:
            errors.append(_("Line %(n)d: %(error)s") % {"n": number, "error": error.messages[0]})
            continue
        if old in seen:
            errors.append(
                _("Line %(n)d: %(old)s is already on line %(first)d.")
                % {"n": number, "old": old, "first": seen[old]}
            )
            continue
        seen[old] = number
        rows.append((number, old, new))
    moved = set(
        Redirect.objects.filter(
            old_path__in=[old for _n, old, _new in rows], origin=Redirect.Origin.MOVED
        ).values_list("old_path", flat=True)
    )
    extra = {old: new for _n, old, new in rows}
    for number, old, new in rows:
        if old in moved:
            errors.append(
                _("Line %(n)d: %(old)s is the old address of an article or series.")
                % {"n": number, "old": old}
            )
            continue
        others = {key: value for key, value in extra.items() if key != old}
        try:
            check_no_loop(old, new, lookup_with(others))
        except ValidationError as error:
            errors.append(_("Line %(n)d: %(error)s") % {"n": number, "error": error.messages[0]})
    return rows, errors

"""Model fields that never store control characters (see validators.clean_text).

Cleaning happens both in `to_python` (model validation: admin forms) and in
`pre_save` (every save: importer, shell), so no path stores such a character.
"""

from django.db import models

from .validators import clean_text


class PlainCharField(models.CharField):
    """One line of plain text: line breaks become spaces, control characters go."""

    multiline = False

    def to_python(self, value):
        return clean_text(super().to_python(value), multiline=self.multiline)

    def pre_save(self, model_instance, add):
        value = clean_text(super().pre_save(model_instance, add), multiline=self.multiline)
        setattr(model_instance, self.attname, value)
        return value


class PlainTextField(models.TextField):
    """Multi-line text: tab and newline kept, other control characters go."""

    def to_python(self, value):
        return clean_text(super().to_python(value), multiline=True)

    def pre_save(self, model_instance, add):
        value = clean_text(super().pre_save(model_instance, add), multiline=True)
        setattr(model_instance, self.attname, value)
        return value

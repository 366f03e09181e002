"""The image library's admin form: the file is judged and re-encoded here."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Image
from .processing import accepted_types, clean_image


class ImageForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("Image file"),
        required=False,
        help_text=_("%(types)s. Judged by content and saved again without its metadata.")
        % {"types": accepted_types()},
    )

    class Meta:
        model = Image
        fields = ["upload", "title", "alt_text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cleaned_image = None
        if self.instance.pk:
            self.fields["upload"].label = _("Replace with")
            self.fields["upload"].help_text = _(
                "A new file for this image, everywhere it is used: every article showing "
                "it is changed to show the new file."
            )

    def clean_upload(self):
        file = self.cleaned_data.get("upload")
        if file:
            self.cleaned_image = clean_image(file)
        elif not self.instance.pk:
            raise ValidationError(_("Choose an image to upload."), code="required")
        return file

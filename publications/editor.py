"""The rich-text editor seam.

Only this module knows which editor the admin uses (CKEditor 4 through
django-ckeditor, configured in settings.CKEDITOR_CONFIGS). Replacing the
editor means replacing `RichTextWidget` here; models store plain HTML text
and the server sanitises it regardless of the editor.

Images are uploaded from the Image dialog and by drag and drop or paste
(CKEditor's uploadimage plugin) to the image library's upload view
(images/views.py), with the CSRF token in a header; the Image dialog does not
close without alternative text (static/images/editor.js).
"""

from ckeditor.widgets import CKEditorWidget
from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

IMAGE_UPLOAD_URL = reverse_lazy("admin:images_image_upload")


def image_upload_config():
    return {
        "filebrowserImageUploadUrl": IMAGE_UPLOAD_URL,
        "imageUploadUrl": IMAGE_UPLOAD_URL,
        "filebrowserUploadMethod": "xhr",
        "extraPlugins": "uploadimage",
        # Read by static/images/editor.js.
        "thinktankAltRequired": _(
            "Describe the image for readers who cannot see it (alternative text)."
        ),
    }


class RichTextWidget(CKEditorWidget):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("config_name", "default")
        super().__init__(*args, **kwargs)
        self.config.update(image_upload_config())

    @property
    def media(self):
        # Listed after CKEditor itself, so the media merge keeps that order.
        return super().media + forms.Media(js=["ckeditor/ckeditor/ckeditor.js", "images/editor.js"])

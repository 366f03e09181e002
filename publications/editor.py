"""The rich-text editor seam.

Only this module knows which editor the admin uses (CKEditor 4 through
django-ckeditor, configured in settings.CKEDITOR_CONFIGS). Replacing the
editor means replacing `RichTextWidget` here; models store plain HTML text
and the server sanitises it regardless of the editor.
"""

from ckeditor.widgets import CKEditorWidget


class RichTextWidget(CKEditorWidget):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("config_name", "default")
        super().__init__(*args, **kwargs)

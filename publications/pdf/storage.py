"""Where staff-only files live: settings.PRIVATE_ROOT, never under MEDIA_ROOT."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files with no public URL: views that check access serve them (PDFs, export ZIPs)."""

    def __init__(self):
        super().__init__(base_url=None)

    # Read on every use, so a changed PRIVATE_ROOT (tests) takes effect.
    @property
    def base_location(self):
        return settings.PRIVATE_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

"""Where files live: local folders by default, S3-compatible object storage in production.

Every file the site keeps goes through one of two storages (settings.STORAGES):

- "default": media (attachments, article images), MEDIA_ROOT or the bucket's
  `media/` prefix;
- "private": staff-only files (rendered PDFs, export ZIPs), PRIVATE_ROOT or a
  private bucket (or the `private/` prefix), never reachable by a public URL.

Code never builds a filesystem path for them, so any web process or worker
on any machine reads what any other wrote once they share the object store.
"""

import os
import tempfile

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty
from django.utils.http import content_disposition_header


@deconstructible
class PrivateFileSystemStorage(FileSystemStorage):
    """PRIVATE_ROOT on the local disk: no URL, owner-only permissions, atomic writes.

    A reader that finds a file finds it whole: each file is written beside its
    final name and renamed into place.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(base_url=None, **kwargs)

    # Read on every use, so a changed PRIVATE_ROOT (tests) takes effect.
    @property
    def base_location(self):
        return settings.PRIVATE_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        old_umask = os.umask(0o077)
        try:
            os.makedirs(directory, mode=self.directory_permissions_mode, exist_ok=True)
        finally:
            os.umask(old_umask)
        handle, partial = tempfile.mkstemp(dir=directory, suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                for chunk in content.chunks():
                    out.write(chunk)
            os.chmod(partial, self.file_permissions_mode)
            os.replace(partial, full_path)
        except BaseException:
            if os.path.exists(partial):
                os.unlink(partial)
            raise
        return name


class _PrivateStorage(LazyObject):
    """storages["private"], looked up on first use (like Django's default_storage)."""

    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":  # as Django's test signals do for default_storage
        _private._wrapped = empty


def private_storage():
    """The storage of staff-only files. FileFields take it as a callable, so
    migrations name the function, not a configured backend."""
    return _private


def signed_url(file, filename, seconds):
    """A short-lived URL that downloads `file` as `filename`, or None when the
    storage cannot sign one (local files are streamed by the view instead)."""
    storage = file.storage
    if not hasattr(storage, "bucket_name"):
        return None
    return storage.url(
        file.name,
        parameters={"ResponseContentDisposition": content_disposition_header(True, filename)},
        expire=seconds,
    )

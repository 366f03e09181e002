"""Files made from an article once per version of what they show, kept in the private storage.

A rendered PDF and a share card are both stored as
<folder>/<article id>/<version><suffix>, where the version is a hash of
everything the file shows. Any edit, by any path (admin, import, shell),
changes the version, so a stale file is never served. Only the storage API
is used, so the file a worker makes on one machine is the file a web
process on another serves.
"""

import logging

from django.core.files.base import ContentFile

from thinktank.storage import private_storage

logger = logging.getLogger(__name__)


class VersionedFiles:
    """One kind of such file: where it lives, how its version is named, how it is made."""

    def __init__(self, folder, suffix, version, make, what):
        self.folder = folder
        self.suffix = suffix
        self.version = version  # article -> version string
        self.make = make  # article -> bytes
        self.what = what  # for the log: "the PDF", "the share card"

    def article_folder(self, article):
        return f"{self.folder}/{article.pk}"

    def stored_name(self, article, version=None):
        """The storage name of the file of `article`'s current (or given) version."""
        return f"{self.article_folder(article)}/{version or self.version(article)}{self.suffix}"

    def is_stored(self, article):
        return private_storage().exists(self.stored_name(article))

    def ensure(self, article):
        """Storage name of the file of `article`'s current version, making it if needed."""
        storage = private_storage()
        name = self.stored_name(article)
        if storage.exists(name):
            return name
        storage.save(name, ContentFile(self.make(article)))
        # Two workers making the same version at once: the second save gets
        # another name; both files hold the same bytes, so drop every other one.
        self._drop_other_versions(storage, article, keep=name)
        return name

    def open(self, article):
        """The file of `article`'s current version, open for reading (made if needed)."""
        return private_storage().open(self.ensure(article), "rb")

    def warm(self, articles, article_ids):
        """Make and store the current file of each of `article_ids` found in `articles`.

        Returns how many were made. One that cannot be made is logged and
        skipped: the next reader who asks makes it (and sees the error).
        """
        made = 0
        found = articles.in_bulk(article_ids)
        for article in (found[pk] for pk in article_ids if pk in found):
            try:
                if not self.is_stored(article):
                    self.ensure(article)
                    made += 1
            except Exception:
                logger.exception("Could not make %s of article %s", self.what, article.pk)
        return made

    def _drop_other_versions(self, storage, article, keep):
        folder = self.article_folder(article)
        try:
            _folders, files = storage.listdir(folder)
        except FileNotFoundError:
            return
        for file_name in files:
            name = f"{folder}/{file_name}"
            if name != keep and file_name.endswith(self.suffix):
                storage.delete(name)

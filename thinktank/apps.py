import contextlib
import os

from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _owner_only_sqlite(sender, connection, **kwargs):
    """The embedded SQLite database (and its WAL files) readable by its owner only."""
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict["NAME"])
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):  # ":memory:", or a WAL file not made yet
            os.chmod(name + suffix, 0o600)


class ThinktankConfig(AppConfig):
    """The project package as an app: site-wide views, commands and checks."""

    name = "thinktank"

    def ready(self):
        connection_created.connect(_owner_only_sqlite, dispatch_uid="owner-only-sqlite")

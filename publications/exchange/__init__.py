"""Import and export of publications in the JSON exchange format.

The format is specified in docs/publications-json.md (`thinktank-publications/2`;
version 1 files are read too).
This package is its only implementation:

- `import_file(path, dry_run=False)` checks a whole file first (validate.py),
  then writes it in one transaction (load.py). A file with any problem raises
  `ExchangeError` listing every problem by its place and writes nothing.
- `export_file(path, series=None)` writes the JSON and its attachments under
  `files/` beside it (dump.py).

Both return a `Report` of what was (or, for a dry run, would be) done.
"""

from .dump import dump
from .errors import ExchangeError, Report
from .load import apply
from .validate import FORMAT, read


def import_file(path, dry_run=False):
    """Import the exchange file at `path`; see load.apply for what "import" means."""
    return apply(read(path), dry_run=dry_run)


def export_file(path, series=None):
    """Export all articles, drafts included (of `series` slugs, if given), to `path`."""
    return dump(path, series_slugs=series)


__all__ = ["FORMAT", "ExchangeError", "Report", "export_file", "import_file"]

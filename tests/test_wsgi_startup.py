"""thinktank.wsgi, the application gunicorn loads: what a worker process holds once started."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import gc
import thinktank.wsgi
from publications import views

walked = {id(thing) for thing in gc.get_objects()}
print(gc.get_freeze_count(), id(views.article) in walked, id(views.article.__code__) in walked)
"""


def test_what_a_worker_loads_to_start_is_never_walked_by_the_garbage_collector():
    """Frozen (gc.freeze): Django, the URLconf and the views it imports. A full
    collection then walks only what requests made, not a start-up's ~150,000 objects."""
    probe = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "thinktank.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    frozen, view_walked, code_walked = probe.stdout.split()
    assert int(frozen) > 50_000
    assert (view_walked, code_walked) == ("False", "False")

"""The Celery app: `celery -A thinktank worker` and `celery -A thinktank beat`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thinktank.settings")

app = Celery("thinktank")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The PDF tasks live in a package of the publications app, not in its tasks.py.
app.autodiscover_tasks(["publications.pdf"])

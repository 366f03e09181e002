"""The Celery app: `celery -A thinktank worker` and `celery -A thinktank beat`."""

import os

from celery import Celery
from celery.signals import before_task_publish, task_postrun, task_prerun

from thinktank import request_log

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thinktank.settings")

app = Celery("thinktank")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The PDF tasks live in a package of the publications app, not in its tasks.py.
app.autodiscover_tasks(["publications.pdf"])

before_task_publish.connect(request_log.add_request_id_to_task, weak=False)
task_prerun.connect(request_log.task_started, weak=False)
task_postrun.connect(request_log.task_finished, weak=False)

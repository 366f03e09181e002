import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thinktank.settings")

application = get_wsgi_application()

# Imported once Django is set up: cached article pages answered before Django's handler.
from publications.fast_path import FastPathApp  # noqa: E402

application = FastPathApp(application)

# What a process loads to start (Django, the URLconf and every view it imports)
# lives as long as the process. Frozen, it is no longer walked by each full
# garbage collection, which otherwise costs a page a few milliseconds now and then.
import_module(settings.ROOT_URLCONF)
gc.collect()
gc.freeze()

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thinktank.settings")

application = get_wsgi_application()

# Imported once Django is set up: cached article pages answered before Django's handler.
from publications.fast_path import FastPathApp  # noqa: E402

application = FastPathApp(application)

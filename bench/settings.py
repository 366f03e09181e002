"""Settings for the benchmark server: the project's, plus a bare comparison view."""

from thinktank.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

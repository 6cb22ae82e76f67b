"""Settings for benchmarks/certificates_bench.py: the demo settings with the production task backend."""

from elearning.settings.dev import *  # noqa: F403

DEBUG = False
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
LOGGING = {"version": 1, "disable_existing_loggers": True}

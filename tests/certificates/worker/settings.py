"""Settings of the `db_worker` subprocess in test_worker_death.py: the test settings with the
production task backend (django_tasks_db) and the renderer that waits to be released."""

from elearning.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
INSTALLED_APPS = [*INSTALLED_APPS, "tests.certificates.worker"]  # noqa: F405

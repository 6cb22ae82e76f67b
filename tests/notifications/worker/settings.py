"""Settings of the `db_worker` subprocess in tests/notifications/test_worker_death.py: the test
settings with the production task backend and the e-mail backend that waits to be released."""

from elearning.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_BACKEND = "tests.notifications.worker.backend.BlockingBackend"

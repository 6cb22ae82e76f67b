"""A real `manage.py db_worker` (django_tasks_db, the production backend) on the test database,
for the tests that kill a worker mid-task. Every wait polls a state, with a bound that only turns
a hang into a failure."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
BOUND = 240  # seconds: far beyond any real run, only to fail rather than hang


def start_worker(settings_module, extra_env, *args):
    """A db_worker process with `settings_module`, on the test database, polling every 0.1 s."""
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "TEST_DATABASE_NAME")},
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": url,
        **extra_env,
    }
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.1", *args],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(condition, what):
    deadline = time.monotonic() + BOUND
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.1)

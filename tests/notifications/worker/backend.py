"""An e-mail backend for the real `db_worker` in test_worker_death.py: it stops mid-send when told.

Each message writes `started-<address>` into NOTIFY_WORKER_DIR, then waits for a `release` file,
so the test can kill the worker while it is certainly sending; every message that really leaves
appends its address to `sent.log`.
"""

import os
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

WAIT_LIMIT = 300  # seconds; only reached if the test itself died


class BlockingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = Path(os.environ["NOTIFY_WORKER_DIR"])
        for message in email_messages:
            (folder / f"started-{message.to[0]}").touch()
            deadline = time.monotonic() + WAIT_LIMIT
            while not (folder / "release").exists():
                if time.monotonic() > deadline:
                    raise RuntimeError("the test never released the e-mail backend")
                time.sleep(0.05)
            with open(folder / "sent.log", "a") as log:
                log.write(message.to[0] + "\n")
        return len(email_messages)

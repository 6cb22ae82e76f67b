import os
import time
from pathlib import Path

from django.apps import AppConfig

WAIT_LIMIT = 300  # seconds; only reached if the test itself died


def blocking_render(certificate, *, base_url=None):
    folder = Path(os.environ["CERTIFICATE_WORKER_DIR"])
    (folder / f"started-{certificate.serial}").touch()
    deadline = time.monotonic() + WAIT_LIMIT
    while not (folder / "release").exists():
        if time.monotonic() > deadline:
            raise RuntimeError("the test never released the renderer")
        time.sleep(0.05)
    with open(folder / "rendered.log", "a") as log:
        log.write(certificate.serial + "\n")
    return b"%PDF-1.7 test " + certificate.serial.encode()


class WorkerTestConfig(AppConfig):
    name = "tests.certificates.worker"
    label = "certificates_worker_test"

    def ready(self):
        from certificates import rendering

        rendering.render_pdf = blocking_render

"""A worker killed in the middle of the daily digest, then restarted: no digest is sent twice.

A real `manage.py db_worker` (django_tasks_db, the production backend) runs the digest task; its
e-mail backend stops inside the first send, and the worker is killed there (SIGKILL). The digest
row of that person was committed before the send, so the next runs (the command again, a second
worker) send the others' digests once each and never that person's again: at most once. The
notifications themselves stay in the platform. No timing assumptions: every wait polls a state.
"""

import os
import signal

import pytest
from django.core.management import call_command
from django.test import override_settings

from notifications.models import DigestEmail, Kind, Notification
from notifications.services import Message, notify
from tests.factories import is_postgres, make_staff
from tests.worker_process import BOUND, DB_TASKS, start_worker, wait_for

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.postgres,
    pytest.mark.skipif(not is_postgres(), reason="the database worker is proven on PostgreSQL (set DATABASE_URL)"),
]


def _worker(folder, *extra):
    return start_worker("tests.notifications.worker.settings", {"NOTIFY_WORKER_DIR": str(folder)}, *extra)


def _run_to_the_end(folder):
    worker = _worker(folder, "--batch")
    try:
        worker.wait(timeout=BOUND)
    finally:
        if worker.poll() is None:
            worker.send_signal(signal.SIGKILL)
    assert worker.returncode == 0, worker.stderr.read()


@override_settings(TASKS=DB_TASKS)
def test_a_worker_killed_mid_digest_sends_no_digest_twice(tmp_path):
    people = [make_staff(preferred_language="km", email=f"digest{n}@example.org") for n in range(3)]
    for person in people:
        for n in range(2):
            notify(
                recipient=person,
                kind=Kind.NEW_COURSE,  # in the digest by default
                event_key=f"worker:{n}",
                render=lambda n=n: Message(title=f"News {n}"),
            )
    call_command("send_notification_digests", stdout=open(os.devnull, "w"))  # queued: the worker runs it

    first = _worker(tmp_path)
    try:
        wait_for(lambda: any(tmp_path.glob("started-*")) or first.poll() is not None, "the worker to start sending")
        assert first.poll() is None, first.stderr.read()
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=BOUND)
    [started] = [path.name.removeprefix("started-") for path in tmp_path.glob("started-*")]
    assert started == people[0].email and not (tmp_path / "sent.log").exists()
    assert DigestEmail.objects.count() == 1  # claimed before the send, and committed

    (tmp_path / "release").touch()
    call_command("send_notification_digests", stdout=open(os.devnull, "w"))  # tomorrow's cron, or a rerun
    _run_to_the_end(tmp_path)
    call_command("send_notification_digests", stdout=open(os.devnull, "w"))  # and once more: nothing left
    _run_to_the_end(tmp_path)

    sent = (tmp_path / "sent.log").read_text().split()
    assert sorted(sent) == sorted(p.email for p in people[1:])  # each of the others exactly once
    assert people[0].email not in sent  # the digest being sent when the worker died is not sent again
    assert DigestEmail.objects.count() == 3
    assert not Notification.objects.filter(delivery="digest", emailed_at__isnull=True).exists()

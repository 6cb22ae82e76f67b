"""Finding 9: a worker that dies mid-task. A real `manage.py db_worker` (django_tasks_db, the
production backend) is killed with SIGKILL while it renders a certificate of a bulk issue; the
sweep closes the task row it left "running" and queues the work again; a second worker finishes
everything, each certificate issued once and its PDF rendered once, and the bulk issue is done.

No timing assumptions: every wait polls for a state with a generous bound.
"""

import signal
from pathlib import Path

import pytest
from django.test import override_settings

from certificates import services
from certificates.models import BulkIssue, CertificateEvent, IssuedCertificate
from tests.factories import is_postgres, make_course, make_staff
from tests.worker_process import BOUND, DB_TASKS, start_worker, wait_for

from .helpers import completed_enrolment

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.postgres,
    pytest.mark.skipif(not is_postgres(), reason="the database worker is proven on PostgreSQL (set DATABASE_URL)"),
]


def _worker(folder, *extra):
    return start_worker("tests.certificates.worker.settings", {"CERTIFICATE_WORKER_DIR": str(folder)}, *extra)


def _running_task_rows():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.running().filter(task_path__startswith="certificates.tasks.").count()


@override_settings(TASKS=DB_TASKS)
def test_a_killed_worker_leaves_nothing_undone_and_nothing_done_twice(tmp_path):
    course = make_course(modules=1, lessons=1)
    enrolments = [completed_enrolment(course=course) for _ in range(3)]
    summary = services.issue_for_enrolments(enrolments=[e.pk for e in enrolments], issued_by=make_staff(), label="Bulk")
    bulk = summary["bulk"]
    assert summary["queued"] == 3

    first = _worker(tmp_path)
    try:
        wait_for(lambda: any(tmp_path.glob("started-*")) or first.poll() is not None, "the first worker to start")
        assert first.poll() is None, first.stderr.read()
        assert _running_task_rows() == 1  # the worker is mid-task: the task row says "running"
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=BOUND)
    assert not (tmp_path / "rendered.log").exists()
    [progress] = services.bulk_progress([BulkIssue.objects.get(pk=bulk.pk)])
    assert not progress.is_done  # being prepared, and it would stay so: nothing re-queues a dead task

    result = services.sweep(older_than=services.timedelta(0))
    assert result == {"queued": 1, "closed": 1}  # the abandoned certificate only; the others still wait
    assert _running_task_rows() == 0

    (tmp_path / "release").touch()
    second = _worker(tmp_path, "--batch")
    try:
        second.wait(timeout=BOUND)
    finally:
        if second.poll() is None:
            second.send_signal(signal.SIGKILL)
    assert second.returncode == 0, second.stderr.read()

    certificates = IssuedCertificate.objects.filter(enrolment__in=enrolments)
    assert certificates.count() == 3 and all(c.is_ready for c in certificates)
    rendered = (tmp_path / "rendered.log").read_text().split()
    assert sorted(rendered) == sorted(c.serial for c in certificates)  # each PDF rendered exactly once
    assert CertificateEvent.objects.filter(action="rendered").count() == 3
    assert CertificateEvent.objects.filter(action="issued").count() == 3
    [progress] = services.bulk_progress([BulkIssue.objects.get(pk=bulk.pk)])
    assert progress.is_done and (progress.done_count, progress.total_count) == (3, 3)

    # Safe to run twice: the sweep finds nothing, and the task run again changes nothing.
    assert services.sweep(older_than=services.timedelta(0)) == {"queued": 0, "closed": 0}
    from certificates.tasks import issue_certificate

    issue_certificate.call(enrolment_id=enrolments[0].pk)
    assert IssuedCertificate.objects.filter(enrolment__in=enrolments).count() == 3
    assert CertificateEvent.objects.filter(action="rendered").count() == 3
    assert Path(tmp_path / "rendered.log").read_text().split() == rendered

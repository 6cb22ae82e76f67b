"""Background work of the HR pages: a confirmed staff import runs here, never inside a request.

Immediate in development and tests, a database-backed worker in production (`manage.py
db_worker`). The task is safe to run twice: it locks its job and leaves a job that has already run
alone; a worker that dies mid-import leaves the transaction rolled back and the job pending, so
running the task again does the whole import once.
"""

import time

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

PROGRESS_TIMEOUT = 6 * 3600


def progress_key(job_id):
    # Progress lives in the shared cache: the import's own transaction is not visible to the result
    # page until it commits, and that is the point of running it all or nothing.
    return f"competencies:import-progress:{job_id}"


@task()
def run_import(job_id):
    """Run one confirmed import job, all rows or none; returns the job's status."""
    from .models import ImportJob
    from .policies import hr_scope
    from .services import ImportRejected, import_staff
    from .signals import staff_imported

    started = time.monotonic()
    language = None
    try:
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().select_related("created_by").filter(pk=job_id).first()
            if job is None or job.status != ImportJob.Status.PENDING:
                return job.status if job else None
            language = job.language
            with translation.override(language or None):
                counts = import_staff(
                    rows=[(line, cells) for line, cells in job.rows],
                    scope=hr_scope(job.created_by),
                    progress=lambda done: cache.set(progress_key(job.pk), done, PROGRESS_TIMEOUT),
                )
            job.created, job.updated, job.unchanged = counts["created"], counts["updated"], counts["unchanged"]
            _finish(job, ImportJob.Status.DONE, started)
            created_ids = counts.get("created_ids", [])
            transaction.on_commit(lambda: staff_imported.send(sender=ImportJob, job=job, user_ids=created_ids))
            return job.status
    except ImportRejected as rejected:
        with translation.override(language or None):
            errors = [[error.line, error.column, str(error.message)] for error in rejected.errors]
            errors = errors or [[0, "", str(rejected.message)]]
    except IntegrityError:  # another import created the same person a moment ago; nothing was saved
        with translation.override(language or None):
            errors = [[0, "", _("Someone changed these staff at the same time. Please upload the file again.")]]
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        if not job.is_finished:
            job.errors = errors
            _finish(job, ImportJob.Status.FAILED, started)
    return job.status


def _finish(job, status, started):
    job.status = status
    job.finished_at = timezone.now()
    job.seconds = round(time.monotonic() - started, 2)
    job.rows = []  # the staff are in the database now (or the file was refused); keep no copy
    job.save()

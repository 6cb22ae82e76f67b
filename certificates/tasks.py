"""Background work: rendering PDFs and e-mail never happen while a page waits (immediate in dev and
tests, a database-backed worker in production: `manage.py db_worker`, or `make worker`).

Every task does one certificate's work and is safe to run twice; a worker that dies mid-task
leaves its task "running", and `manage.py sweep_certificates` (run every few minutes) closes that
row and queues the work again (services.sweep).
"""

import logging

from django.contrib.auth import get_user_model
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def issue_certificate(enrolment_id, issued_by_id=None, base_url=None):
    """Issue (once) and store the PDF (once) for one completed enrolment."""
    from courses.models import Enrolment

    from . import services

    enrolment = Enrolment.objects.filter(pk=enrolment_id).first()
    if enrolment is None:
        return None
    issued_by = get_user_model().objects.filter(pk=issued_by_id).first() if issued_by_id else None
    return services.issue_and_store(enrolment=enrolment, issued_by=issued_by, base_url=base_url).serial


@task()
def issue_certificates(enrolment_ids, issued_by_id=None):
    """Kept for tasks queued before certificates became one task each: fans out into those tasks."""
    for enrolment_id in enrolment_ids:
        issue_certificate.enqueue(enrolment_id=enrolment_id, issued_by_id=issued_by_id)
    return {"queued": len(enrolment_ids)}


@task()
def render_certificate(certificate_id, base_url=None):
    """Store the PDF of a certificate that has none (after a re-issue, or a failed render)."""
    from . import services
    from .models import IssuedCertificate

    certificate = IssuedCertificate.objects.filter(pk=certificate_id).first()
    if certificate is not None:
        services.store_pdf(certificate=certificate, base_url=base_url)


@task()
def notify_holder_of_revocation(certificate_id):
    """E-mail the holder that their certificate was revoked, with the reason (once)."""
    from . import services

    return services.tell_holder_of_revocation(certificate_id=certificate_id)


@task()
def sweep():
    """Queue again what a dead worker left undone (see services.sweep)."""
    from . import services

    return services.sweep()

"""Background work: rendering PDFs never happens while a page waits (immediate in dev and tests,
a database-backed worker in production: `manage.py db_worker`, or `make worker`)."""

import logging

from django.contrib.auth import get_user_model
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def issue_certificate(enrolment_id, issued_by_id=None):
    """Issue (once) and store the PDF for one completed enrolment."""
    from courses.models import Enrolment

    from . import services

    enrolment = Enrolment.objects.filter(pk=enrolment_id).first()
    if enrolment is None:
        return None
    issued_by = get_user_model().objects.filter(pk=issued_by_id).first() if issued_by_id else None
    return services.issue_and_store(enrolment=enrolment, issued_by=issued_by).serial


@task()
def issue_certificates(enrolment_ids, issued_by_id=None):
    """The bulk action for a course or cohort: one task for the whole list; one failure does not stop the rest."""
    from courses.models import Enrolment

    from . import services

    issued_by = get_user_model().objects.filter(pk=issued_by_id).first() if issued_by_id else None
    done, failed = 0, []
    for enrolment in Enrolment.objects.filter(pk__in=enrolment_ids).order_by("pk"):
        try:
            services.issue_and_store(enrolment=enrolment, issued_by=issued_by)
            done += 1
        except Exception:  # logged with its traceback; the others still get their certificate
            logger.exception("certificate for enrolment %s failed", enrolment.pk)
            failed.append(enrolment.pk)
    return {"issued": done, "failed": failed}


@task()
def render_certificate(certificate_id):
    """Store the PDF of a certificate that has none (after a re-issue, or a failed render)."""
    from . import services
    from .models import IssuedCertificate

    certificate = IssuedCertificate.objects.filter(pk=certificate_id).first()
    if certificate is not None:
        services.store_pdf(certificate=certificate)

"""Where the certificates app listens: course completion (issue), attendance falling below the
rule after completion (flag for review), and the demo loader."""

from django.db import transaction
from django.dispatch import receiver
from django.utils.translation import gettext_noop

from cohorts.signals import attendance_fell_below
from core.signals import demo_data_loaded
from courses.signals import course_completed

# Stored in English (the source language) and shown translated by the templates.
ATTENDANCE_REVIEW_REASON = gettext_noop("Attendance fell below the cohort's rule after the certificate was issued.")


@receiver(course_completed, dispatch_uid="certificates_issue_on_completion")
def issue_on_completion(sender, enrolment, **kwargs):
    from .tasks import issue_certificate

    enrolment_id = enrolment.pk
    transaction.on_commit(lambda: issue_certificate.enqueue(enrolment_id=enrolment_id))


@receiver(attendance_fell_below, dispatch_uid="certificates_flag_on_attendance_drop")
def flag_on_attendance_drop(sender, enrolment, **kwargs):
    """Neither revoke nor keep silently: an administrator decides (HR list, filter "Needs review")."""
    from .services import flag_for_review

    flag_for_review(enrolment=enrolment, reason=ATTENDANCE_REVIEW_REASON)


@receiver(demo_data_loaded, dispatch_uid="certificates_demo_data")
def load_demo(sender, users, courses, stdout, **kwargs):
    from .demo import load_demo_certificates

    load_demo_certificates(users=users, courses=courses, stdout=stdout)

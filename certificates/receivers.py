"""Where the certificates app listens: course completion (issue) and the demo loader."""

from django.db import transaction
from django.dispatch import receiver

from courses.signals import course_completed
from elearning.signals import demo_data_loaded


@receiver(course_completed, dispatch_uid="certificates_issue_on_completion")
def issue_on_completion(sender, enrolment, **kwargs):
    from .tasks import issue_certificate

    enrolment_id = enrolment.pk
    transaction.on_commit(lambda: issue_certificate.enqueue(enrolment_id=enrolment_id))


@receiver(demo_data_loaded, dispatch_uid="certificates_demo_data")
def load_demo(sender, users, courses, stdout, **kwargs):
    from .demo import load_demo_certificates

    load_demo_certificates(users=users, courses=courses, stdout=stdout)

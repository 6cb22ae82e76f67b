"""Records follow events from the apps below: a completion grants, a revoked certificate withdraws."""

from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from certificates.signals import certificate_revoked
from core.signals import demo_data_loaded
from courses.signals import course_completed

from . import services


@receiver(course_completed, dispatch_uid="competencies.grant_on_completion")
def grant_on_completion(sender, enrolment, **kwargs):
    services.grant_for_enrolment(enrolment=enrolment)


@receiver(certificate_revoked, dispatch_uid="competencies.withdraw_on_revocation")
def withdraw_on_revocation(sender, certificate, **kwargs):
    enrolment = getattr(certificate, "enrolment", None)
    if enrolment is not None:
        services.withdraw_for_enrolment(enrolment=enrolment, reason=_("Certificate revoked"))


@receiver(demo_data_loaded, dispatch_uid="competencies.load_demo")
def load_demo(sender, users, courses, stdout=None, **kwargs):
    from .demo import load_demo_competencies

    load_demo_competencies(users=users, courses=courses, stdout=stdout)

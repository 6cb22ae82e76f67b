"""What cohorts does when other apps announce something."""

from django.dispatch import receiver

from core.signals import demo_data_loaded
from courses.signals import course_completed


@receiver(course_completed, dispatch_uid="cohorts.certify_graduate")
def certify_graduate(sender, enrolment, **kwargs):
    from .services import certify_graduate

    certify_graduate(enrolment=enrolment)


@receiver(demo_data_loaded, dispatch_uid="cohorts.demo")
def load_demo(sender, users, courses, stdout=None, **kwargs):
    from .demo import load_demo_cohorts

    load_demo_cohorts(users=users, stdout=stdout)

"""Notifications follow the events of every app below; each receiver hands over to `events`.

Receivers run after the sender's transaction has committed (the lower apps send on commit), so a
rolled-back change tells no one. The `planning` app (mandatory training) may not be installed:
its receivers are connected by `connect_planning` only when it is.
"""

from django.apps import apps
from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from assessments.signals import attempt_submitted
from certificates.signals import certificate_issued, certificate_revoked
from cohorts.signals import meeting_reminder_due, participation_changed
from competencies.signals import staff_imported
from core.signals import demo_data_loaded
from courses.signals import course_completed, enrolled

from . import events
from .models import Kind


@receiver(enrolled, dispatch_uid="notifications.enrolled")
def on_enrolled(sender, enrolment, **kwargs):
    events.enrolled(enrolment)


@receiver(participation_changed, dispatch_uid="notifications.participation_changed")
def on_participation_changed(sender, participation, change, **kwargs):
    events.participation_changed(participation, change)


@receiver(meeting_reminder_due, dispatch_uid="notifications.meeting_reminder")
def on_meeting_reminder_due(sender, meeting, participations, **kwargs):
    return events.meeting_reminder(meeting, participations)


@receiver(attempt_submitted, dispatch_uid="notifications.attempt_submitted")
def on_attempt_submitted(sender, attempt, **kwargs):
    events.quiz_failed(attempt)


@receiver(course_completed, dispatch_uid="notifications.course_completed")
def on_course_completed(sender, enrolment, **kwargs):
    events.course_completed(enrolment)


@receiver(certificate_issued, dispatch_uid="notifications.certificate_issued")
def on_certificate_issued(sender, certificate, **kwargs):
    events.certificate_issued(certificate)


@receiver(certificate_revoked, dispatch_uid="notifications.certificate_revoked")
def on_certificate_revoked(sender, certificate, **kwargs):
    events.certificate_revoked(certificate)


@receiver(page_published, dispatch_uid="notifications.course_published")
def on_page_published(sender, instance, **kwargs):
    """A course published for the first time: one background task tells the staff it is meant for."""
    from courses.models import CoursePage

    if not isinstance(instance, CoursePage):
        return
    first, last = instance.first_published_at, instance.last_published_at
    if first is None or last is None or abs((last - first).total_seconds()) > 1:
        return
    from .tasks import notify_new_course

    course_id = instance.pk
    transaction.on_commit(lambda: notify_new_course.enqueue(course_id=course_id))


@receiver(staff_imported, dispatch_uid="notifications.staff_imported")
def on_staff_imported(sender, job, user_ids, **kwargs):
    from people.models import User

    from .invitations import invite

    if user_ids:
        with transaction.atomic():
            invite(users=list(User.objects.filter(pk__in=user_ids)), job=job, send=job.send_invitations)


@receiver(demo_data_loaded, dispatch_uid="notifications.load_demo")
def load_demo(sender, users, courses, stdout=None, **kwargs):
    from .demo import load_demo_notifications

    load_demo_notifications(users=users, courses=courses, stdout=stdout)


# Mandatory training (the planning app, when installed) --------------------------------------------


def on_training_assigned(sender, assignment, **kwargs):
    events.training(assignment, Kind.TRAINING_ASSIGNED)


def on_training_due_soon(sender, assignment, **kwargs):
    events.training(assignment, Kind.TRAINING_DUE_SOON)


def on_training_overdue(sender, assignment, **kwargs):
    events.training(assignment, Kind.TRAINING_OVERDUE)


def connect_planning():
    if not apps.is_installed("planning"):
        return
    from planning import signals

    signals.training_assigned.connect(on_training_assigned, dispatch_uid="notifications.training_assigned")
    signals.training_due_soon.connect(on_training_due_soon, dispatch_uid="notifications.training_due_soon")
    signals.training_overdue.connect(on_training_overdue, dispatch_uid="notifications.training_overdue")

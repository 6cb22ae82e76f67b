"""Writes on enrolment and progress. Views, the admin, tasks and commands call these.

A refused action raises a core error (core.errors) with a message for the learner; the view does
not catch it, core's middleware renders it.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import Forbidden, NotFound

from .completion import is_complete
from .models import Enrolment, LessonProgress
from .signals import course_completed, enrolled


def enrol(*, learner, course):
    """Enrol a learner in a self-paced course. Enrolling twice returns the same enrolment."""
    if not course.live:
        raise NotFound(_("This course is not open."))
    if not course.is_self_paced:
        raise Forbidden(_("This course is taught in groups: register for one of its sessions."))
    with transaction.atomic():
        existed = Enrolment.objects.filter(learner=learner, course=course).exists()
        enrolment = get_or_create_enrolment(learner=learner, course=course)
        if not existed:
            transaction.on_commit(lambda: enrolled.send(sender=Enrolment, enrolment=enrolment))
    return enrolment


def get_or_create_enrolment(*, learner, course):
    """The one enrolment of a learner in a course; safe when two requests race to create it."""
    try:
        with transaction.atomic():
            enrolment, _created = Enrolment.objects.get_or_create(learner=learner, course=course)
    except IntegrityError:
        enrolment = Enrolment.objects.get(learner=learner, course=course)
    return enrolment


def complete_lesson(*, enrolment, lesson):
    """Mark a lesson done for an enrolment (idempotent) and check whether the course is now complete."""
    if not lesson.live or not lesson.path.startswith(enrolment.course.path):
        raise NotFound(_("This lesson is not part of your course."))
    with transaction.atomic():
        LessonProgress.objects.get_or_create(enrolment=enrolment, lesson=lesson)
        Enrolment.objects.filter(pk=enrolment.pk).update(last_lesson=lesson, last_activity_at=timezone.now())
    enrolment.last_lesson = lesson
    return evaluate_completion(enrolment=enrolment)


def record_visit(*, enrolment, lesson):
    """Remember the last lesson a learner opened, for "continue where I left off"."""
    if enrolment.last_lesson_id != lesson.pk:
        Enrolment.objects.filter(pk=enrolment.pk).update(last_lesson=lesson, last_activity_at=timezone.now())
        enrolment.last_lesson = lesson


def evaluate_completion(*, enrolment):
    """Apply the completion rule; the first time it is met, record when and send course_completed.

    Safe under concurrency: the enrolment row is locked, so two requests completing the last
    two lessons at once record one completion and send one event.
    """
    with transaction.atomic():
        locked = Enrolment.objects.select_for_update().select_related("course").get(pk=enrolment.pk)
        if locked.completed_at is None and is_complete(locked):
            locked.completed_at = timezone.now()
            locked.save(update_fields=["completed_at"])
            transaction.on_commit(lambda: course_completed.send(sender=Enrolment, enrolment=locked))
    enrolment.completed_at = locked.completed_at
    return enrolment

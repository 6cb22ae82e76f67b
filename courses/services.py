"""Writes on enrolment and progress. Views, the admin, tasks and commands call these."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .completion import is_complete
from .models import Enrolment, LessonProgress
from .signals import course_completed


class CourseActionError(Exception):
    """A learner asked for something the rules do not allow; the message is for them."""

    def __init__(self, message, *, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def enrol(*, learner, course):
    """Enrol a learner in a self-paced course. Enrolling twice returns the same enrolment."""
    if not course.live:
        raise CourseActionError(_("This course is not open."), status=404)
    if not course.is_self_paced:
        raise CourseActionError(_("This course is taught in groups: register for one of its sessions."))
    return get_or_create_enrolment(learner=learner, course=course)


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
        raise CourseActionError(_("This lesson is not part of your course."), status=404)
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

"""Races on PostgreSQL: double enrolment, and two last lessons completed at the same instant."""

import threading

import pytest

from courses.models import Enrolment
from courses.services import complete_lesson, enrol, get_or_create_enrolment
from courses.signals import course_completed

from ..concurrency import run_together
from ..factories import is_postgres, lessons_of, make_course, make_staff

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.postgres,
    pytest.mark.skipif(not is_postgres(), reason="concurrency is proven on PostgreSQL (set DATABASE_URL)"),
]


def test_concurrent_enrolments_make_one(db):
    course = make_course(modules=1, lessons=2)
    learner = make_staff(username="racer")
    run_together([lambda: get_or_create_enrolment(learner=learner, course=course) for _ in range(8)])
    assert Enrolment.objects.filter(learner=learner, course=course).count() == 1


def test_last_two_lessons_at_once_complete_the_course_once(db):
    course = make_course(modules=1, lessons=4)
    learner = make_staff(username="racer2")
    enrolment = enrol(learner=learner, course=course)
    lessons = lessons_of(course)
    for lesson in lessons[:2]:
        complete_lesson(enrolment=enrolment, lesson=lesson)
    events = []
    lock = threading.Lock()

    def receiver(sender, enrolment, **kwargs):
        with lock:
            events.append(enrolment.pk)

    course_completed.connect(receiver)
    try:
        run_together(
            [
                lambda lesson=lesson: complete_lesson(enrolment=Enrolment.objects.get(pk=enrolment.pk), lesson=lesson)
                for lesson in lessons[2:]
            ]
        )
    finally:
        course_completed.disconnect(receiver)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert events == [enrolment.pk]

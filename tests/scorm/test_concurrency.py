"""Races on PostgreSQL: concurrent commits of one attempt apply one after the other and complete once."""

import threading

import pytest

from courses.models import LessonProgress
from courses.services import enrol
from courses.signals import course_completed
from scorm.models import ScormAttempt
from scorm.services import attach_to_lesson, create_package, launch, record_commit

from ..concurrency import run_together
from ..factories import is_postgres, lessons_of, make_course, make_staff
from .conftest import zip_12

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.postgres,
    pytest.mark.skipif(not is_postgres(), reason="concurrency is proven on PostgreSQL (set DATABASE_URL)"),
]


def test_concurrent_completing_commits_complete_the_lesson_and_course_once():
    course = make_course(modules=1, lessons=1)
    learner = make_staff(username="scorm-racer")
    enrol(learner=learner, course=course)
    package = create_package(upload=zip_12())
    lesson = attach_to_lesson(package=package, lesson=lessons_of(course)[0])
    attempt = launch(user=learner, lesson=lesson, package=package)
    payload = {
        "session": str(attempt.session_key),
        "cmi": {"core": {"lesson_status": "passed", "session_time": "00:05:00", "score": {"raw": "95"}}},
    }
    events = []
    lock = threading.Lock()

    def receiver(sender, enrolment, **kwargs):
        with lock:
            events.append(enrolment.pk)

    course_completed.connect(receiver)
    try:
        results = run_together(
            [lambda: record_commit(user=learner, key=attempt.key, session=attempt.session_key, payload=payload)] * 6
        )
    finally:
        course_completed.disconnect(receiver)
    assert len(results) == 6
    stored = ScormAttempt.objects.get(pk=attempt.pk)
    assert stored.total_seconds == 300  # the same session's time, not six times it
    assert stored.completed_at is not None
    assert LessonProgress.objects.filter(lesson=lesson).count() == 1
    assert len(events) == 1

"""Races on PostgreSQL with real threads and transactions: submit once, attempt limits, saves, time limits."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments import services
from assessments.models import Answer, Attempt, QuizGrade
from assessments.services import save_answer, start_attempt, submit_attempt
from core.errors import ApplicationError
from courses.services import enrol

from ..concurrency import run_together
from ..factories import is_postgres, make_course, make_staff
from .helpers import as_query, correct_post, make_category, make_question, make_quiz

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.postgres,
    pytest.mark.skipif(not is_postgres(), reason="concurrency is proven on PostgreSQL (set DATABASE_URL)"),
]


def _setup(questions=3, **settings):
    course = make_course(modules=1, lessons=1)
    learner = make_staff(username=f"racer{Attempt.objects.count()}{timezone.now().microsecond}")
    enrol(learner=learner, course=course)
    category = make_category(course)
    quiz = make_quiz(course, [make_question(category) for _ in range(questions)], **settings)
    return quiz, learner


def test_two_concurrent_submissions_grade_the_attempt_once(monkeypatch):
    quiz, learner = _setup()
    attempt = start_attempt(quiz=quiz, learner=learner)
    for answer in Answer.objects.filter(attempt=attempt).select_related("version"):
        save_answer(
            attempt_uuid=attempt.uuid, learner=learner, position=answer.position, data=as_query(correct_post(answer))
        )
    graded = []
    real_grade = services._grade

    def counting_grade(attempt, *, quiz):
        graded.append(attempt.pk)
        return real_grade(attempt, quiz=quiz)

    monkeypatch.setattr(services, "_grade", counting_grade)
    results = run_together(
        [lambda: submit_attempt(attempt_uuid=attempt.uuid, learner=learner) for _ in range(4)],
        refusals=(ApplicationError,),
    )
    assert graded == [attempt.pk]
    assert {r.submitted_at for r in results} == {Attempt.objects.get(pk=attempt.pk).submitted_at}
    assert QuizGrade.objects.get(quiz=quiz, learner=learner).attempts_used == 1


def test_concurrent_starts_cannot_pass_the_attempt_limit():
    quiz, learner = _setup(attempts_allowed=2)
    first = start_attempt(quiz=quiz, learner=learner)
    submit_attempt(attempt_uuid=first.uuid, learner=learner)

    def start_and_submit():
        attempt = start_attempt(quiz=quiz, learner=learner)
        return submit_attempt(attempt_uuid=attempt.uuid, learner=learner)

    results = run_together([start_and_submit for _ in range(8)], refusals=(ApplicationError,))
    assert Attempt.objects.filter(quiz=quiz, learner=learner).count() == 2
    assert any(isinstance(r, ApplicationError) and r.status == 403 for r in results)


def test_concurrent_starts_open_one_attempt():
    quiz, learner = _setup()
    results = run_together(
        [lambda: start_attempt(quiz=quiz, learner=learner) for _ in range(6)], refusals=(ApplicationError,)
    )
    assert {r.pk for r in results} == {Attempt.objects.get(quiz=quiz, learner=learner).pk}


def test_concurrent_saves_of_different_questions_all_kept():
    quiz, learner = _setup(questions=6)
    attempt = start_attempt(quiz=quiz, learner=learner)
    answers = list(Answer.objects.filter(attempt=attempt).select_related("version"))
    run_together(
        [
            lambda a=a: save_answer(
                attempt_uuid=attempt.uuid, learner=learner, position=a.position, data=as_query(correct_post(a))
            )
            for a in answers
        ],
        refusals=(ApplicationError,),
    )
    assert Answer.objects.filter(attempt=attempt, response__isnull=True).count() == 0


def test_saves_racing_past_the_time_limit_are_refused_and_grade_once():
    quiz, learner = _setup(questions=4, time_limit_minutes=1)
    attempt = start_attempt(quiz=quiz, learner=learner)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    answers = list(Answer.objects.filter(attempt=attempt).select_related("version"))
    results = run_together(
        [
            lambda a=a: save_answer(
                attempt_uuid=attempt.uuid, learner=learner, position=a.position, data=as_query(correct_post(a))
            )
            for a in answers
        ],
        refusals=(ApplicationError,),
    )
    assert all(isinstance(r, ApplicationError) and r.status in (403, 409) for r in results)
    assert Answer.objects.filter(attempt=attempt, response__isnull=False).count() == 0
    attempt.refresh_from_db()
    assert not attempt.is_open and attempt.percent == 0
    assert QuizGrade.objects.get(quiz=quiz, learner=learner).attempts_used == 1

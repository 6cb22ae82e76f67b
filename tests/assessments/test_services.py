"""Attempts on the server: start, resume, save, submit once, limits, time, grade policy, regrade, completion."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Answer, Attempt, Option, QuestionVersion, QuizGrade, Regrade
from assessments.services import regrade_question, save_answer, start_attempt, submit_attempt
from core.errors import ApplicationError, TimeUp
from courses.completion import requirements_for
from courses.models import Enrolment
from courses.services import complete_lesson

from ..factories import lessons_of, make_staff
from .helpers import as_query, correct_post, make_question, make_quiz, wrong_post

pytestmark = pytest.mark.django_db


def _answer_all(attempt, learner, post=correct_post, upto=None):
    for answer in list(attempt.answers.select_related("version"))[:upto]:
        save_answer(attempt_uuid=attempt.uuid, learner=learner, position=answer.position, data=as_query(post(answer)))


def test_start_resumes_the_open_attempt_and_saves_each_answer(quiz, learner):
    attempt = start_attempt(quiz=quiz, learner=learner)
    assert start_attempt(quiz=quiz, learner=learner).pk == attempt.pk
    _answer_all(attempt, learner, upto=1)
    stored = Answer.objects.get(attempt=attempt, position=1)
    assert stored.response is not None and stored.saved_at is not None
    assert Answer.objects.filter(attempt=attempt, response__isnull=True).count() == 2


def test_submit_is_idempotent_and_grades_once(quiz, learner):
    attempt = start_attempt(quiz=quiz, learner=learner)
    _answer_all(attempt, learner)
    first = submit_attempt(attempt_uuid=attempt.uuid, learner=learner)
    second = submit_attempt(attempt_uuid=attempt.uuid, learner=learner)
    assert first.percent == second.percent == 100 and first.submitted_at == second.submitted_at
    assert QuizGrade.objects.get(quiz=quiz, learner=learner).attempts_used == 1
    with pytest.raises(ApplicationError) as error:
        _answer_all(attempt, learner, upto=1)
    assert error.value.status == 409


def test_another_learner_cannot_touch_an_attempt(quiz, learner):
    attempt = start_attempt(quiz=quiz, learner=learner)
    intruder = make_staff(username="intruder")
    with pytest.raises(ApplicationError) as error:
        save_answer(attempt_uuid=attempt.uuid, learner=intruder, position=1, data=as_query({"choice": "1"}))
    assert error.value.status == 404
    with pytest.raises(ApplicationError):
        submit_attempt(attempt_uuid=attempt.uuid, learner=intruder)
    assert not Answer.objects.filter(attempt=attempt, response__isnull=False).exists()


def test_attempt_limit_and_not_enrolled(course, category, learner, enrolment):
    quiz = make_quiz(course, [make_question(category)], attempts_allowed=2)
    for _ in range(2):
        attempt = start_attempt(quiz=quiz, learner=learner)
        submit_attempt(attempt_uuid=attempt.uuid, learner=learner)
    with pytest.raises(ApplicationError) as error:
        start_attempt(quiz=quiz, learner=learner)
    assert error.value.status == 403
    outsider = make_staff(username="outsider")
    with pytest.raises(ApplicationError):
        start_attempt(quiz=quiz, learner=outsider)


def test_time_limit_refuses_late_answers_and_submits(course, category, learner, enrolment):
    quiz = make_quiz(course, [make_question(category), make_question(category)], time_limit_minutes=5)
    attempt = start_attempt(quiz=quiz, learner=learner)
    _answer_all(attempt, learner, upto=1)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    with pytest.raises(TimeUp) as error:
        save_answer(attempt_uuid=attempt.uuid, learner=learner, position=2, data=as_query({"choice": "1"}))
    assert error.value.status == 409
    attempt.refresh_from_db()
    assert not attempt.is_open and attempt.percent == 50
    assert Answer.objects.get(attempt=attempt, position=2).response is None


def test_editing_a_question_never_changes_a_taken_attempt(quiz, learner):
    attempt = start_attempt(quiz=quiz, learner=learner)
    question = quiz.items.first().question
    question.stem_en = "Reworded"
    question.save()
    answer = Answer.objects.select_related("version").get(attempt=attempt, position=1)
    assert answer.version.data["stem"]["en"] != "Reworded"
    _answer_all(attempt, learner)
    submit_attempt(attempt_uuid=attempt.uuid, learner=learner)
    second = start_attempt(quiz=quiz, learner=learner)
    assert Answer.objects.get(attempt=second, position=1).version.data["stem"]["en"] == "Reworded"
    assert QuestionVersion.objects.filter(question=question).count() == 2


@pytest.mark.parametrize("policy,expected", [("highest", 100), ("latest", 0), ("first", 100)])
def test_grade_policy(course, category, learner, enrolment, policy, expected):
    quiz = make_quiz(course, [make_question(category)], grade_policy=policy)
    for post in (correct_post, wrong_post):
        attempt = start_attempt(quiz=quiz, learner=learner)
        _answer_all(attempt, learner, post=post)
        submit_attempt(attempt_uuid=attempt.uuid, learner=learner)
    assert QuizGrade.objects.get(quiz=quiz, learner=learner).percent == expected


def test_passing_a_required_quiz_completes_the_course(
    quiz, learner, enrolment, course, django_capture_on_commit_callbacks
):
    for lesson in lessons_of(course):
        complete_lesson(enrolment=enrolment, lesson=lesson)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None
    assert {r.key: r.met for r in requirements_for(enrolment)} == {"lessons": True, "quizzes": False}
    attempt = start_attempt(quiz=quiz, learner=learner)
    _answer_all(attempt, learner)
    with django_capture_on_commit_callbacks(execute=True):
        submit_attempt(attempt_uuid=attempt.uuid, learner=learner)
    assert Enrolment.objects.get(pk=enrolment.pk).completed_at is not None


def test_regrade_applies_the_fixed_key_and_is_recorded(quiz, learner, enrolment):
    editor = make_staff(username="editor", roles=["content_editor"])
    attempt = start_attempt(quiz=quiz, learner=learner)
    _answer_all(attempt, learner)
    answer = Answer.objects.select_related("version").get(attempt=attempt, position=1)
    save_answer(attempt_uuid=attempt.uuid, learner=learner, position=1, data=as_query(wrong_post(answer)))
    submit_attempt(attempt_uuid=attempt.uuid, learner=learner)
    attempt.refresh_from_db()
    assert str(attempt.percent) == "66.7"
    chosen = Answer.objects.get(pk=answer.pk).response["choice"]
    question = answer.version.question
    Option.objects.filter(question=question).update(is_correct=False)
    Option.objects.filter(pk=chosen).update(is_correct=True)
    record = regrade_question(question=question, editor=editor)
    attempt.refresh_from_db()
    assert attempt.percent == 100 and attempt.passed
    assert record.attempts_changed == 1 and record.changes[0]["before"] == "66.7"
    assert Regrade.objects.filter(question=question, editor=editor).count() == 1
    assert QuizGrade.objects.get(quiz=quiz, learner=learner).percent == 100
    assert (
        Answer.objects.select_related("version").get(pk=answer.pk).version.data["stem"] == answer.version.data["stem"]
    )


def test_draws_pick_n_distinct_questions_from_a_category(course, category, learner, enrolment):
    for _ in range(10):
        make_question(category)
    quiz = make_quiz(course, draws=[(category, 4)])
    attempt = start_attempt(quiz=quiz, learner=learner)
    questions = [a.version.question_id for a in attempt.answers.select_related("version")]
    assert len(questions) == 4 == len(set(questions))


def test_every_question_type_round_trips(course, category, learner, enrolment):
    questions = [
        make_question(category, "single"),
        make_question(category, "multiple", options=[("a", True), ("b", True), ("c", False)]),
        make_question(category, "true_false"),
        make_question(category, "numeric", numeric_answer=90, tolerance=1),
        make_question(category, "short_text", accepted_answers="ID card", accepted_answers_km="អត្តសញ្ញាណប័ណ្ណ"),
        make_question(category, "ordering", options=[("one", True), ("two", True), ("three", True)]),
        make_question(category, "matching", options=[("cat", True, "meow"), ("dog", True, "woof")]),
    ]
    quiz = make_quiz(course, questions, shuffle_questions=True, shuffle_options=True)
    attempt = start_attempt(quiz=quiz, learner=learner)
    _answer_all(attempt, learner)
    submitted = submit_attempt(attempt_uuid=attempt.uuid, learner=learner)
    assert submitted.percent == 100 and submitted.max_score == 7


def test_an_expired_attempt_is_graded_before_the_limit_is_checked(course, category, learner, enrolment):
    quiz = make_quiz(course, [make_question(category)], time_limit_minutes=5, attempts_allowed=1)
    attempt = start_attempt(quiz=quiz, learner=learner)
    _answer_all(attempt, learner)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ApplicationError) as error:
        start_attempt(quiz=quiz, learner=learner)
    assert error.value.status == 403
    attempt.refresh_from_db()
    assert not attempt.is_open and attempt.percent == 100
    assert QuizGrade.objects.get(quiz=quiz, learner=learner).passed


def test_answers_after_the_quiz_closes_are_refused(quiz, learner):
    attempt = start_attempt(quiz=quiz, learner=learner)
    quiz.closes_at = timezone.now() - timedelta(minutes=1)
    quiz.save()
    with pytest.raises(ApplicationError):
        _answer_all(attempt, learner, upto=1)
    assert not Answer.objects.filter(attempt=attempt, response__isnull=False).exists()


def test_a_quiz_sits_in_a_module_of_its_own_course(course, quiz):
    from django.core.exceptions import ValidationError

    from courses.models import ModulePage

    from ..factories import make_course

    quiz.module = ModulePage.objects.child_of(course).first()
    quiz.full_clean()
    quiz.module = ModulePage.objects.child_of(make_course(modules=1, lessons=1)).first()
    with pytest.raises(ValidationError) as error:
        quiz.full_clean()
    assert "module" in error.value.message_dict

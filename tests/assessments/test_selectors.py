"""course_results: the kept pre/post-test grades and required quizzes of a group, as the attempts say."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Attempt
from assessments.selectors import course_results
from courses.services import enrol

from ..factories import make_course, make_staff
from .helpers import make_category, make_question, make_quiz, take

pytestmark = pytest.mark.django_db


def _quizzes(course):
    category = make_category(course)

    def questions(n):
        return [make_question(category) for _ in range(n)]

    return {
        "pre": make_quiz(course, questions(4), role="pre_test", title="Before"),
        "post": make_quiz(course, questions(4), role="post_test", required_for_completion=True, pass_mark=75),
        "other": make_quiz(course, questions(2), required_for_completion=True, pass_mark=50),
        "closed": make_quiz(course, questions(1), required_for_completion=True, live=False),
        "optional": make_quiz(course, questions(1)),
    }


def _learners(course, n):
    people = [make_staff() for _ in range(n)]
    for person in people:
        enrol(learner=person, course=course)
    return people


def test_results_follow_the_kept_grades_and_the_completion_rules_count():
    course = make_course(modules=0, lessons=0)
    quizzes = _quizzes(course)
    ana, bo, chan, outsider = _learners(course, 4)
    take(quizzes["pre"], ana, right=1)
    take(quizzes["post"], ana, right=4)  # 100%, passed: kept (highest), though not the latest
    take(quizzes["post"], ana, right=2)  # 50%: failed
    take(quizzes["other"], ana, right=2)
    take(quizzes["pre"], bo, right=2)
    take(quizzes["post"], bo, right=1)  # knowledge lost: 25 - 50
    take(quizzes["pre"], outsider, right=4)  # not in the group
    # chan took nothing

    results = course_results(course.pk, [ana.pk, bo.pk, chan.pk])

    assert results.pre_test == quizzes["pre"] and results.post_test == quizzes["post"]
    assert results.required_total == 2  # the closed quiz does not count, as in assessments.completion
    assert (results.of(ana.pk).pre, results.of(ana.pk).post, results.of(ana.pk).gain) == (25, 100, 75)
    assert (results.of(bo.pk).pre, results.of(bo.pk).post, results.of(bo.pk).gain) == (50, 25, -25)
    assert (results.of(chan.pk).pre, results.of(chan.pk).gain) == (None, None)
    assert [results.required_met(p.pk) for p in (ana, bo, chan)] == [True, False, False]
    assert outsider.pk not in results.by_learner
    averages = results.averages([ana.pk, bo.pk, chan.pk])
    assert averages == {"pre": Decimal("37.5"), "post": Decimal("62.5"), "gain": 25, "required_met": 1}
    best_post = max(Attempt.objects.filter(quiz=quizzes["post"], learner=ana).values_list("percent", flat=True))
    assert results.of(ana.pk).post == best_post


def test_a_course_without_quizzes_requires_nothing():
    course = make_course(modules=0, lessons=0)
    (person,) = _learners(course, 1)
    results = course_results(course.pk, [person.pk])
    assert results.pre_test is None and results.required_total == 0
    assert results.required_met(person.pk) is None
    assert results.averages([person.pk]) == {"pre": None, "post": None, "gain": None, "required_met": 0}


def test_two_queries_whatever_the_number_of_learners():
    course = make_course(modules=0, lessons=0)
    quizzes = _quizzes(course)
    counts = []
    for size in (1, 8):
        people = _learners(course, size)
        for person in people:
            take(quizzes["pre"], person, right=1)
            take(quizzes["post"], person, right=3)
        with CaptureQueriesContext(connection) as ctx:
            results = course_results(course.pk, [p.pk for p in people])
        assert all(results.of(p.pk).gain == 50 for p in people)
        counts.append(len(ctx.captured_queries))
    assert counts == [2, 2]

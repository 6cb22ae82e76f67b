"""The demo gains a pre-test, one quiz per module and a post-test for each demo course, in en, km and lo."""

import io
import re

import pytest
from django.core.management import call_command

from assessments.models import Option, Question, Quiz, QuizItem
from courses.models import CoursePage, ModulePage

pytestmark = pytest.mark.django_db

SCRIPT = {"km": r"[\u1780-\u17FF]", "lo": r"[\u0E80-\u0EFF]"}


def _counts():
    return (Quiz.objects.count(), Question.objects.count(), Option.objects.count(), QuizItem.objects.count())


def test_demo_quizzes_for_every_course_in_three_languages_and_loading_twice_changes_nothing():
    call_command("load_initial_data", stdout=io.StringIO())
    first = _counts()
    call_command("load_initial_data", stdout=io.StringIO())
    assert _counts() == first
    courses = list(
        CoursePage.objects.filter(
            slug__in=["employment-counselling-youth", "lmi-job-matching", "inclusive-employment-services"]
        )
    )
    assert len(courses) == 3
    for course in courses:
        quizzes = Quiz.objects.filter(course=course)
        assert quizzes.filter(role="pre_test").count() == 1 and quizzes.filter(role="post_test").count() == 1
        modules = ModulePage.objects.child_of(course).count()
        assert quizzes.filter(module__isnull=False, role="").count() == modules > 0
        for quiz in quizzes:
            assert quiz.items.exists()
            for lang, script in SCRIPT.items():
                assert re.search(script, getattr(quiz, f"title_{lang}")), (quiz, lang)
        for question in Question.objects.filter(category__bank__course=course):
            for lang, script in SCRIPT.items():
                assert re.search(script, getattr(question, f"stem_{lang}"))
                for option in question.options.all():
                    assert re.search(script, getattr(option, f"text_{lang}"))

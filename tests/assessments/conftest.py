import pytest

from courses.services import enrol

from .helpers import make_category, make_question, make_quiz


@pytest.fixture
def enrolment(learner, course):
    return enrol(learner=learner, course=course)


@pytest.fixture
def category(course):
    return make_category(course)


@pytest.fixture
def quiz(course, category, enrolment):
    """Three single-choice questions, pass mark 60%, feedback after submission."""
    questions = [make_question(category) for _ in range(3)]
    return make_quiz(course, questions, pass_mark=60, required_for_completion=True)

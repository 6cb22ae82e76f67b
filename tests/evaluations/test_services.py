"""Answering a survey: once per person and course, anonymously, all or nothing."""

import pytest

from core.errors import Forbidden, InvalidInput
from courses.models import Enrolment
from evaluations.models import Answer, Respondent, Response
from evaluations.services import submit_response

from ..cohorts.factories import make_cohort
from ..factories import make_course, make_staff
from .helpers import answer, completed_learner, make_survey, questions

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    course = make_course(modules=1, lessons=1)
    survey = make_survey(tier="self_paced")
    return course, survey


def test_an_answer_is_stored_without_the_person_and_the_person_only_as_having_answered(setup):
    course, survey = setup
    person = completed_learner(course, sex="male", disability="visual", province="KH-2")
    response = answer(survey, course, person, rating=5, single=2, multiple=(0, 2), text="More examples")
    assert Respondent.objects.filter(person=person, course=course).count() == 1
    # Nothing on the response or its answers points to a person, and the keys are random UUIDs.
    for model in (Response, Answer):
        assert not [f for f in model._meta.get_fields() if getattr(f, "related_model", None) is type(person)]
        assert model._meta.pk.get_internal_type() == "UUIDField"
    assert not [f.name for f in Respondent._meta.get_fields() if f.name not in ("id", "person", "course")]
    response.refresh_from_db()
    assert (response.sex, response.disability, response.province.code) == ("male", "yes", "KH-2")
    assert response.month.day == 1
    stored = {a.question.kind: a for a in response.answers.select_related("question")}
    assert stored["rating"].rating == 5 and stored["single"].choices == [2] and stored["multiple"].choices == [0, 2]
    assert stored["text"].text == "More examples"


def test_answering_twice_keeps_the_first_answer(setup):
    course, survey = setup
    person = completed_learner(course)
    assert answer(survey, course, person, rating=5) is not None
    assert answer(survey, course, person, rating=1) is None
    assert Response.objects.count() == 1 and Respondent.objects.count() == 1
    assert Answer.objects.get(question__kind="rating").rating == 5


@pytest.mark.parametrize(
    "bad",
    [
        {"rating": 6},
        {"rating": 0},
        {"rating": True},
        {"single": 3},
        {"single": [0, 1]},
        {"multiple": [0, 9]},
        {"text": "x" * 2001},
    ],
)
def test_a_bad_answer_saves_nothing(setup, bad):
    course, survey = setup
    person = completed_learner(course)
    q = questions(survey)
    answers = {q["rating"]: 3, q["single"]: 0} | {q[kind]: value for kind, value in bad.items()}
    with pytest.raises(InvalidInput):
        submit_response(person=person, course=course, answers=answers)
    assert not Respondent.objects.exists() and not Response.objects.exists() and not Answer.objects.exists()


def test_a_missing_required_answer_saves_nothing(setup):
    course, survey = setup
    person = completed_learner(course)
    with pytest.raises(InvalidInput):
        submit_response(person=person, course=course, answers={questions(survey)["rating"]: 3})
    assert not Respondent.objects.exists() and not Response.objects.exists()


def test_a_question_of_another_survey_is_refused(setup):
    course, survey = setup
    other = make_survey(tier="webinar")
    person = completed_learner(course)
    q = questions(survey)
    with pytest.raises(InvalidInput):
        submit_response(
            person=person, course=course, answers={q["rating"]: 3, q["single"]: 0, questions(other)["rating"]: 2}
        )
    assert not Response.objects.exists()


def test_only_a_completed_course_can_be_evaluated(setup):
    course, _survey = setup
    person = make_staff(username="halfway")
    Enrolment.objects.create(learner=person, course=course)
    with pytest.raises(Forbidden):
        submit_response(person=person, course=course, answers={})
    assert not Respondent.objects.exists()


def test_a_course_survey_wins_over_the_tier_default_and_the_cohort_is_kept():
    cohort = make_cohort(tier="provincial", province="KH-2")
    make_survey(tier="provincial")
    own = make_survey(course=cohort.course, with_text=False)
    person = completed_learner(cohort.course, cohort=cohort)
    response = answer(own, cohort.course, person)
    assert response.survey == own and response.cohort == cohort and response.tier == "provincial"

"""Surveys, completed learners and answers for the evaluation tests."""

import itertools

from django.utils import timezone

from cohorts.models import Participation
from courses.models import Enrolment
from evaluations.models import Question, Survey
from evaluations.services import submit_response

from ..factories import make_course, make_staff

_counter = itertools.count(1)


def make_survey(*, course=None, tier="", with_text=True):
    """A survey with a rating, a single choice, a multiple choice and (optionally) a free-text question."""
    if course is None and not tier:
        tier = "self_paced"
    survey = Survey.objects.create(
        course=course,
        tier=tier,
        title="How was it?",
        title_en="How was it?",
        title_km="តើវាយ៉ាងដូចម្តេច?",
        title_lo="ເປັນແນວໃດ?",
    )
    Question.objects.create(
        survey=survey,
        sort_order=0,
        kind="rating",
        text_en="How useful was it?",
        text_km="តើវាមានប្រយោជន៍ប៉ុណ្ណា?",
        text_lo="ມີປະໂຫຍດຫຼາຍປານໃດ?",
        low_label_en="Not useful",
        low_label_km="គ្មានប្រយោជន៍",
        low_label_lo="ບໍ່ມີປະໂຫຍດ",
        high_label_en="Very useful",
        high_label_km="មានប្រយោជន៍ខ្លាំង",
        high_label_lo="ມີປະໂຫຍດຫຼາຍ",
    )
    Question.objects.create(
        survey=survey,
        sort_order=1,
        kind="single",
        text_en="Was the length right?",
        text_km="តើរយៈពេលសមរម្យទេ?",
        text_lo="ໄລຍະເວລາເໝາະສົມບໍ່?",
        options_en="Too short\nAbout right\nToo long",
        options_km="ខ្លីពេក\nសមរម្យ\nវែងពេក",
        options_lo="ສັ້ນເກີນໄປ\nເໝາະສົມ\nຍາວເກີນໄປ",
    )
    Question.objects.create(
        survey=survey,
        sort_order=2,
        kind="multiple",
        required=False,
        text_en="What helped?",
        text_km="តើអ្វីបានជួយ?",
        text_lo="ຫຍັງຊ່ວຍໄດ້?",
        options_en="Lessons\nQuizzes\nColleagues",
        options_km="មេរៀន\nតេស្ត\nសហការី",
        options_lo="ບົດຮຽນ\nແບບທົດສອບ\nເພື່ອນຮ່ວມງານ",
    )
    if with_text:
        Question.objects.create(
            survey=survey,
            sort_order=3,
            kind="text",
            required=False,
            text_en="What would you change?",
            text_km="តើអ្នកនឹងកែប្រែអ្វី?",
            text_lo="ທ່ານຈະປ່ຽນຫຍັງ?",
        )
    return survey


def questions(survey):
    return {q.kind: q for q in survey.questions.all()}


def completed_learner(course, *, cohort=None, **staff):
    """A member of staff who completed `course` (through `cohort` when given)."""
    staff.setdefault("username", f"done{next(_counter)}")
    person = make_staff(**staff)
    enrolment = Enrolment.objects.create(learner=person, course=course, completed_at=timezone.now())
    if cohort is not None:
        Participation.objects.create(
            cohort=cohort, person=person, status=Participation.Status.REGISTERED, enrolment=enrolment
        )
    return person


def answer(survey, course, person, *, rating=4, single=1, multiple=(0,), text=""):
    q = questions(survey)
    answers = {q["rating"]: rating, q["single"]: single}
    if multiple:
        answers[q["multiple"]] = list(multiple)
    if text and "text" in q:
        answers[q["text"]] = text
    return submit_response(person=person, course=course, answers=answers)


def course_with_answers(n, *, tier="self_paced", survey_tier=None, cohort=None, course=None, **staff):
    """A course whose survey `n` people answered (rating 1..5 in turn); returns (course, survey, people)."""
    course = course or make_course(modules=1, lessons=1, tier=tier)
    survey = Survey.objects.filter(tier=survey_tier or course.tier, course=None).first() or make_survey(
        tier=survey_tier or course.tier
    )
    people = []
    for index in range(n):
        person = completed_learner(course, cohort=cohort, **staff)
        answer(survey, course, person, rating=index % 5 + 1, single=index % 3, text=f"Comment {index}")
        people.append(person)
    return course, survey, people

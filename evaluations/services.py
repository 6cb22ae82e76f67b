"""Writes: a learner's answers to the survey of a course they completed, once, anonymously.

`submit_response` writes the "has answered" row (Respondent) and the anonymous response with its
answers in one transaction: either all of it is saved or nothing is. The Respondent row's unique
constraint keeps one response per person and course even when two submissions race (the second
waits for the first to commit, then finds the row and saves nothing); a second submission is not
an error, it returns None, so a double click or a re-sent form lands on the same thank-you.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import Forbidden, InvalidInput, NotFound
from people.models import Disability

from .forms import TEXT_MAX
from .models import RATING_MAX, RATING_MIN, Answer, Disclosure, Question, Respondent, Response
from .selectors import cohort_of, completed_enrolment, survey_for


def _checked(question, value):
    """The value to store for one question's answer; InvalidInput when it cannot be an answer to it."""
    refused = InvalidInput(_("One of the answers is not valid. Check the survey and send it again."))
    if question.kind == Question.Kind.RATING:
        if isinstance(value, bool) or not isinstance(value, int) or not RATING_MIN <= value <= RATING_MAX:
            raise refused
        return {"rating": value}
    if question.is_choice:
        positions = value if isinstance(value, list | tuple) else [value]
        count = len(question.option_list())
        if (
            not positions
            or any(isinstance(p, bool) or not isinstance(p, int) or not 0 <= p < count for p in positions)
            or (question.kind == Question.Kind.SINGLE and len(positions) != 1)
        ):
            raise refused
        return {"choices": sorted(set(positions))}
    if not isinstance(value, str) or len(value) > TEXT_MAX:
        raise refused
    return {"text": value.strip()}


def _disclosure(profile):
    if profile is None or not profile.disability:
        return Disclosure.NOT_STATED
    return Disclosure.NO if profile.disability == Disability.NONE else Disclosure.YES


def submit_response(*, person, course, answers, language=""):
    """Save `answers` ({Question: value}) for `person`'s completed `course`; None if already answered."""
    enrolment = completed_enrolment(person, course)
    if enrolment is None or not person.has_perm("evaluations.answer", enrolment):
        raise Forbidden(_("You can give your opinion on a course once you have completed it."))
    survey = survey_for(course)
    if survey is None:
        raise NotFound(_("There is no survey for this course."))
    questions = list(survey.questions.all())
    known = {question.pk for question in questions}
    if any(question.pk not in known for question in answers):
        raise InvalidInput(_("One of the answers is not valid. Check the survey and send it again."))
    missing = [q for q in questions if q.required and answers.get(q) in (None, "", [])]
    if missing:
        raise InvalidInput(_("Please answer every required question."))
    stored = {question: _checked(question, value) for question, value in answers.items()}
    profile = getattr(person, "staff_profile", None)
    today = timezone.localdate()
    with transaction.atomic():
        try:
            with transaction.atomic():
                Respondent.objects.create(person=person, course=course)
        except IntegrityError:
            return None  # already answered: the first answer stands
        response = Response.objects.create(
            survey=survey,
            course=course,
            cohort_id=cohort_of(enrolment),
            tier=course.tier,
            country_id=profile.country_id if profile else None,
            province_id=profile.province_id if profile else None,
            sex=profile.sex if profile else "",
            disability=_disclosure(profile),
            language=language[:8],
            month=today.replace(day=1),
        )
        Answer.objects.bulk_create(
            [Answer(response=response, question=question, **values) for question, values in stored.items()]
        )
    return response

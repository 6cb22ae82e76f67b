"""Two submissions of the same survey at the same instant store one response (PostgreSQL, real threads)."""

import pytest

from evaluations.models import Answer, Respondent, Response

from ..concurrency import run_together
from ..factories import is_postgres, make_course
from .helpers import answer, completed_learner, make_survey

pytestmark = pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # keeps the migrations' data for later tests


def test_a_double_submit_at_the_same_instant_stores_one_response():
    if not is_postgres():
        pytest.skip("real concurrency needs PostgreSQL")
    course = make_course(modules=1, lessons=1)
    survey = make_survey(tier="self_paced")
    person = completed_learner(course)
    results = run_together(
        [lambda rating=rating: answer(survey, course, person, rating=rating) for rating in (1, 5, 3, 4)]
    )
    assert sum(result is not None for result in results) == 1
    assert Respondent.objects.count() == 1 and Response.objects.count() == 1
    kept = next(result for result in results if result is not None)
    assert Answer.objects.filter(response_id=kept.pk).count() == 3  # rating, one choice, several choices

"""The results page and the pages that offer the survey run a fixed number of queries, whatever the
number of answers, cohorts, provinces or completed courses."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import Enrolment

from ..cohorts.factories import make_cohort
from ..competencies.helpers import planner
from ..courses.test_query_counts import MAX_LEARNER_PAGE_QUERIES
from ..factories import make_course
from .helpers import answer, completed_learner, make_survey

pytestmark = pytest.mark.django_db

PROVINCES = ("KH-1", "KH-2", "KH-3", "KH-4")


def _count(client, url, data=None):
    client.get(url, data)  # warm caches (site root paths, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, data)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def _answers(course, survey, cohorts, n):
    for index in range(n):
        person = completed_learner(
            course,
            cohort=cohorts[index % len(cohorts)],
            province=PROVINCES[index % len(PROVINCES)],
            sex="female" if index % 3 else "male",
        )
        answer(survey, course, person, rating=index % 5 + 1, text=f"Words {index}")


def test_the_results_page_does_not_grow_with_the_answers(client):
    client.force_login(planner(country="KH", username="hr-counts"))
    survey = make_survey(tier="provincial")
    counts = []
    for n, cohort_count in ((15, 2), (60, 6)):  # women 10 and men 5, then 40 and 20: shown both times
        cohort = make_cohort(tier="provincial")
        cohorts = [cohort] + [make_cohort(course=cohort.course) for _ in range(cohort_count - 1)]
        _answers(cohort.course, survey, cohorts, n)
        counts.append(
            (
                _count(client, "/km/evaluations/results/"),
                _count(client, "/km/evaluations/results/", {"course": cohort.course.pk}),
                _count(client, "/km/evaluations/results/", {"course": cohort.course.pk, "sex": "female"}),
            )
        )
    assert counts[0] == counts[1], counts
    assert max(counts[1]) <= 16, counts


def test_the_offer_keeps_the_learner_pages_within_their_budget(client):
    make_survey(tier="self_paced")
    learner = None
    counts = []
    for courses in (1, 6):
        for _ in range(courses):
            course = make_course(modules=1, lessons=2)
            if learner is None:
                learner = completed_learner(course, username="counted")
            else:
                Enrolment.objects.create(learner=learner, course=course, completed_at=timezone.now())
        client.force_login(learner)
        page = _count(client, f"/km{course.url_path[len('/courses') :]}")
        mine = _count(client, "/km/learning/")
        assert "survey-offer" in client.get("/km/learning/").content.decode()
        counts.append((page, mine))
    assert counts[0] == counts[1], counts
    assert max(counts[1]) <= MAX_LEARNER_PAGE_QUERIES

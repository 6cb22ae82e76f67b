"""Results: figures equal the answers; groups below the minimum are not shown (page, export, filters);
each viewer sees only their scope."""

import csv
import io
import re
from statistics import mean

import pytest
from django.urls import reverse
from django.utils import translation

from people.models import Country, Province, Role
from people.services import grant_role

from ..cohorts.factories import make_cohort
from ..competencies.helpers import planner
from ..factories import make_course, make_staff
from .helpers import answer, completed_learner, make_survey

pytestmark = pytest.mark.django_db

RESULTS = "/en/evaluations/results/"


def _export(client, fmt="csv", **params):
    with translation.override("en"):
        url = reverse("evaluations:export", args=[fmt])
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def admin_client(client):
    client.force_login(planner(username="results-admin"))  # no place: an administrator
    return client


def test_the_figures_are_the_answers(admin_client):
    course = make_course(modules=1, lessons=1)
    survey = make_survey(tier="self_paced")
    given = [(5, 0, (0,)), (4, 1, (0, 1)), (4, 1, ()), (2, 2, (2,)), (5, 1, (1, 2)), (3, 0, (0,)), (1, 1, ())]
    for index, (rating, single, multiple) in enumerate(given):
        person = completed_learner(course, sex="female" if index % 2 else "male")
        answer(survey, course, person, rating=rating, single=single, multiple=multiple, text=f"Words {index}")
    page = admin_client.get(RESULTS, {"course": course.pk}).content.decode()

    ratings = [rating for rating, _s, _m in given]
    expected_average = round(mean(ratings), 2)
    assert f"Average {expected_average} out of 5 ({len(ratings)} answered)" in page
    values = re.findall(r'data-testid="bar-value">(\d+) \(([\d.]+)%\)', page)
    rating_bars = [(int(n), float(p)) for n, p in values[:5]]
    assert rating_bars == [(ratings.count(v), round(100 * ratings.count(v) / 7, 1)) for v in range(1, 6)]
    singles = [s for _r, s, _m in given]
    assert [int(n) for n, _p in values[5:8]] == [singles.count(v) for v in range(3)]
    chosen = [m for _r, _s, m in given if m]
    assert [int(n) for n, _p in values[8:11]] == [sum(v in m for m in chosen) for v in range(3)]
    for index in range(len(given)):
        assert f"Words {index}" in page

    rows = _export(admin_client, course=course.pk)
    assert ["All answers", "", "Answers", "", "7"] in rows
    assert ["How useful was it?", "", "Average (1 to 5)", "", str(expected_average)] in rows
    assert ["How useful was it?", "", "5 – Very useful", str(round(100 * 2 / 7, 1)), "2"] in rows
    # By sex: 4 men and 3 women; both below 5, so neither group's figures are shown.
    assert ["By sex", "Female", "Not shown", "Too few answers in this group", ""] in rows
    assert ["By sex", "Male", "Not shown", "Too few answers in this group", ""] in rows


def test_a_course_below_the_minimum_shows_and_exports_no_figures_nor_words(admin_client):
    course = make_course(modules=1, lessons=1)
    survey = make_survey(tier="self_paced")
    for index in range(4):
        answer(survey, course, completed_learner(course), rating=5, text=f"Secret words {index}")
    page = admin_client.get(RESULTS, {"course": course.pk}).content.decode()
    assert 'data-testid="not-shown"' in page and "Fewer than 5 answers" in page
    assert "Secret words" not in page and "Average" not in page and "bar-value" not in page
    rows = _export(admin_client, fmt="csv", course=course.pk)
    body = "\n".join(",".join(row) for row in rows)
    assert "Secret words" not in body and "Fewer than 5 answers" in body
    assert not any(row[2:3] == ["Answers"] for row in rows)


@pytest.fixture
def mixed(admin_client):
    """Seven answers: five women in KH-1 and two men in KH-2, each with their own words."""
    course = make_course(modules=1, lessons=1)
    survey = make_survey(tier="self_paced")
    for index in range(5):
        person = completed_learner(course, sex="female", province="KH-1")
        answer(survey, course, person, rating=4, text=f"Woman wrote {index}")
    for index in range(2):
        person = completed_learner(course, sex="male", province="KH-2", disability="physical")
        answer(survey, course, person, rating=1, text=f"Man wrote {index}")
    return course


@pytest.mark.parametrize(
    "narrowing",
    [
        {"sex": "male"},
        {"sex": "female"},  # five women, but the two men would be the difference with the whole course
        {"disability": "yes"},
        {"disability": "not_stated"},
        {"province": "KH-2"},
        {"province": "KH-1"},
    ],
)
def test_a_filter_cannot_narrow_to_a_small_group(admin_client, mixed, narrowing):
    params = {"course": mixed.pk, **narrowing}
    if "province" in params:
        params["province"] = Province.objects.get(code=params["province"]).pk
    page = admin_client.get(RESULTS, params).content.decode()
    assert 'data-testid="not-shown"' in page and 'data-testid="answer-count"' not in page  # not even how many
    assert "Man wrote" not in page and "Woman wrote" not in page and "Average" not in page
    body = "\n".join(",".join(row) for row in _export(admin_client, **params))
    assert "Man wrote" not in body and "Woman wrote" not in body and "Average" not in body


def test_breakdowns_hide_a_small_group_and_what_would_reveal_it(admin_client, mixed):
    page = admin_client.get(RESULTS, {"course": mixed.pk}).content.decode()
    assert "Average 3.14 out of 5" in page  # (5 × 4 + 2 × 1) / 7, the whole course
    sex = page.split('data-testid="breakdown-sex"', 1)[1].split("</section>", 1)[0]
    assert sex.count('data-testid="hidden-group"') == 2  # men: 2; women hidden too (7 − 5 = 2)
    assert "4.0" not in sex and ">1.0<" not in sex


def test_a_trainer_sees_only_their_own_cohorts(client):
    trainer, other_trainer = make_staff(username="t1", roles=(Role.TRAINER,)), make_staff(username="t2")
    mine = make_cohort(tier="provincial", trainers=[trainer])
    theirs = make_cohort(course=mine.course, trainers=[other_trainer])
    survey = make_survey(tier="provincial")
    for index in range(6):
        answer(survey, mine.course, completed_learner(mine.course, cohort=mine), rating=5, text=f"Mine {index}")
        answer(survey, mine.course, completed_learner(mine.course, cohort=theirs), rating=1, text=f"Theirs {index}")
    client.force_login(trainer)
    page = client.get(RESULTS, {"course": mine.course.pk, "cohort": str(mine.public_id)}).content.decode()
    assert "6 answers" in page and "Average 5.0 out of 5" in page
    assert "Mine 0" in page and "Theirs" not in page
    # The other cohort is not even a choice: asking for it is a bad filter.
    assert client.get(RESULTS, {"course": mine.course.pk, "cohort": str(theirs.public_id)}).status_code == 400
    assert "Theirs" not in "".join(",".join(r) for r in _export(client, course=mine.course.pk))
    # Self-paced answers (no cohort) are not a trainer's.
    course, survey_sp = make_course(modules=1, lessons=1), make_survey(tier="self_paced")
    for _index in range(5):
        answer(survey_sp, course, completed_learner(course))
    assert client.get(RESULTS, {"course": course.pk}).status_code == 400


def test_an_hr_planner_sees_only_answers_from_their_scope(client):
    course = make_course(modules=1, lessons=1)
    survey = make_survey(tier="self_paced")
    for index in range(5):
        answer(survey, course, completed_learner(course, province="KH-1"), rating=2, text=f"Khmer words {index}")
        answer(survey, course, completed_learner(course, country="LA"), rating=5, text=f"Laos {index}")
    client.force_login(planner(country="LA", username="hr-la"))
    page = client.get(RESULTS, {"course": course.pk}).content.decode()
    assert "5 answers" in page and "Average 5.0 out of 5" in page and "Khmer words" not in page
    client.force_login(planner(province="KH-2", username="hr-kh2"))
    assert client.get(RESULTS).status_code == 200
    assert client.get(RESULTS, {"course": course.pk}).status_code == 400  # no answers of theirs: not a choice


def test_roles_without_a_scope_see_nothing(client):
    unscoped = make_staff(username="hr-nowhere", roles=())
    grant_role(user=unscoped, role=Role.HR_PLANNER)  # neither a country nor a province
    idle_trainer = make_staff(username="idle-trainer", roles=(Role.TRAINER,))
    for user in (unscoped, idle_trainer, make_staff(username="just-a-learner")):
        client.force_login(user)
        assert client.get(RESULTS).status_code == 403
        assert client.get("/en/evaluations/results/export.csv").status_code == 403
    assert Country.objects.exists()

"""The cohort page, the roster, attendance and the cascade report do not grow with their size."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cohorts.models import CascadeLink, CertifiedTrainer
from cohorts.services import record_attendance, set_trainers
from people.models import Role

from ..factories import make_course, make_staff
from .factories import make_cohort, registered

pytestmark = pytest.mark.django_db

MAX_PAGE_QUERIES = 14


def _count(client, url):
    client.get(url)  # warm caches (site root paths, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def _cohort_of_size(trainer, participants, meetings):
    cohort = make_cohort(
        trainers=[trainer], meetings=meetings, capacity=participants, start_in=timedelta(days=-meetings - 1)
    )
    people = registered(cohort, participants)
    for meeting in cohort.meetings.all():
        record_attendance(meeting=meeting, statuses={p.pk: "present" for p in people})
    registered(cohort, 2)  # waiting list / pending rows appear as well
    return cohort


@pytest.mark.parametrize("page", ["detail", "roster", "attendance", "all_present"])
def test_cohort_pages_do_not_grow_with_participants_and_meetings(client, page):
    trainer = make_staff(roles=["trainer"])
    client.force_login(trainer)
    counts = []
    for participants, meetings in ((2, 1), (25, 8)):
        cohort = _cohort_of_size(trainer, participants, meetings)
        url = {
            "detail": f"/km/cohorts/{cohort.public_id}/",
            "roster": f"/km/cohorts/{cohort.public_id}/roster/",
            "attendance": f"/km/cohorts/{cohort.public_id}/meetings/{cohort.meetings.last().pk}/attendance/",
            "all_present": f"/km/cohorts/{cohort.public_id}/meetings/{cohort.meetings.last().pk}/attendance/all-present/",
        }[page]
        counts.append(_count(client, url))
    assert counts[0] == counts[1], counts
    assert counts[1] <= MAX_PAGE_QUERIES


def test_roster_with_quiz_results_does_not_grow_with_participants(client):
    """Pre/post-test grades and required quizzes of every participant come in a fixed number of queries."""
    from ..assessments.helpers import make_category, make_question, make_quiz, take

    trainer = make_staff(roles=["trainer"])
    client.force_login(trainer)
    counts = []
    for participants, meetings in ((2, 1), (15, 4)):
        cohort = _cohort_of_size(trainer, participants, meetings)
        category = make_category(cohort.course)
        tests = [
            make_quiz(cohort.course, [make_question(category)], role="pre_test"),
            make_quiz(cohort.course, [make_question(category)], role="post_test", required_for_completion=True),
            make_quiz(cohort.course, [make_question(category)], required_for_completion=True),
        ]
        for number, participation in enumerate(cohort.participations.filter(status="registered")):
            for quiz in tests:
                take(quiz, participation.person, right=number % 2)
        counts.append(_count(client, f"/km/cohorts/{cohort.public_id}/roster/"))
        assert client.get(f"/en/cohorts/{cohort.public_id}/roster/").content.decode().count("Passed") == (
            participants // 2
        )
    assert counts[0] == counts[1], counts
    assert counts[1] <= MAX_PAGE_QUERIES


def test_lists_do_not_grow_with_cohorts(client):
    trainer = make_staff(roles=["trainer"])
    admin = make_staff(roles=[Role.ADMINISTRATOR])
    make_cohort(trainers=[trainer])
    client.force_login(trainer)
    small = _count(client, "/km/cohorts/"), _count(client, "/km/cohorts/mine/")
    for _ in range(5):
        _cohort_of_size(trainer, 5, 2)
    large = _count(client, "/km/cohorts/"), _count(client, "/km/cohorts/mine/")
    client.force_login(admin)
    assert small == large, (small, large)
    assert max(large) <= MAX_PAGE_QUERIES


def _cascade(graduates, sessions_each, people_each):
    tot = make_course(modules=0, lessons=0, tier="tot")
    provincial = make_course(modules=0, lessons=0, tier="provincial")
    CascadeLink.objects.create(provincial_course=provincial, tot_course=tot)
    tot_cohort = make_cohort(course=tot)
    for participation in registered(tot_cohort, graduates):
        CertifiedTrainer.objects.create(person=participation.person, course=tot, cohort=tot_cohort)
        for number in range(sessions_each):
            province = ("KH-2", "KH-17", "KH-3")[number % 3]
            session = make_cohort(course=provincial, province=province)
            set_trainers(cohort=session, trainers=[participation.person])
            registered(session, people_each, province=province, sex="male", disability="visual")
    return tot_cohort


def test_cascade_report_does_not_grow_and_counts_right(client):
    admin = make_staff(roles=[Role.ADMINISTRATOR])
    client.force_login(admin)
    _cascade(1, 1, 1)
    small = _count(client, "/km/cohorts/cascade/")
    tot_cohort = _cascade(4, 3, 5)
    large = _count(client, "/km/cohorts/cascade/")
    assert small == large, (small, large)
    assert large <= MAX_PAGE_QUERIES
    from cohorts.selectors import cascade_report

    row = next(r for r in cascade_report(admin) if r.cohort == tot_cohort)
    assert len(row.graduates) == 4 and all(len(g.sessions) == 3 for g in row.graduates)
    assert row.reached == 60 and row.with_disability == 60 and row.by_sex["male"] == 60
    assert len(row.by_province) == 3 and sum(row.by_province.values()) == 60

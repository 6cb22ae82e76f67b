"""HR pages run a fixed number of queries, whatever the number of staff, completions and cohorts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..cohorts.factories import make_cohort
from ..factories import make_staff
from .helpers import make_framework, planner, seed
from .results_seed import seed_results

pytestmark = pytest.mark.django_db

PAGES = [
    "/en/hr/",
    "/en/hr/gaps/",
    "/en/hr/gaps/?by=office",
    "/en/hr/people/",
    "/en/hr/people/?metric=trained",
    "/en/hr/export/summary.xlsx",
    "/en/hr/export/heatmap.csv",
    "/en/hr/export/upcoming_cohorts.csv",
    "/en/hr/people/?metric=registered",
    "/en/hr/export/certificates_issued.csv",
    "/en/hr/export/knowledge_gain.xlsx",
    "/en/hr/people/?metric=certificates&tier=self_paced",
    "/en/hr/people/?metric=gain",
]


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _cohorts(count, people):
    """`count` upcoming cohorts in Cambodia, each with `people` registered and one on the waiting list."""
    from cohorts.services import assign

    for index in range(count):
        province = ("KH-12", "KH-17", None)[index % 3]
        cohort = make_cohort(tier="provincial", country="KH", province=province, capacity=people)
        staff = [make_staff(country="KH", sex=("female", "male")[i % 2]) for i in range(people + 1)]
        assign(cohort=cohort, people=staff, assigned_by=None)


def test_hr_pages_do_not_grow_with_the_data(client):
    framework = make_framework()
    seed(framework, size=1)
    _cohorts(1, 2)
    seed_results(size=1)
    client.force_login(planner(country="KH"))
    small = [_count(client, url) for url in PAGES]
    seed(framework, size=4)
    _cohorts(4, 5)
    seed_results(size=3)
    large = [_count(client, url) for url in PAGES]
    assert small == large, dict(zip(PAGES, zip(small, large, strict=True), strict=True))
    assert max(large) <= 15, dict(zip(PAGES, large, strict=True))


def test_person_page_does_not_grow_with_records_or_courses(client):
    from competencies.services import grant_for_enrolment
    from competencies.views import person_url

    from ..factories import make_course
    from .helpers import complete, link_course

    framework = make_framework()
    client.force_login(planner(country="KH"))
    person = make_staff(country="KH")
    profile = person.staff_profile
    profile.position = framework["counsellor"]
    profile.save()

    def add(count):
        for _ in range(count):
            course = make_course(modules=1, lessons=1)
            link_course(course, framework["lmi"], framework["levels"][1])
            closing = make_course(modules=0, lessons=0, tier="provincial")
            link_course(closing, framework["counselling"], framework["levels"][3])
            grant_for_enrolment(enrolment=complete(person, course))
            for days in (5, 15):
                make_cohort(course=closing, country="KH", start_in=timedelta(days=days))

    add(1)
    small = _count(client, person_url(profile))
    add(5)
    response = client.get(person_url(profile))
    rows = {row["competency"].code: row for row in response.context["rows"]}
    assert len(rows["counselling"]["cohorts"]) == 12  # two cohorts of each of the six closing courses
    assert _count(client, person_url(profile)) == small


def test_figures_and_gaps_take_a_fixed_number_of_queries(django_assert_num_queries):
    from competencies import selectors
    from competencies.policies import hr_scope

    seed(make_framework(), size=2)
    scope = hr_scope(planner(country="KH"))
    with django_assert_num_queries(3):  # headcount, staff trained, completions by tier
        selectors.dashboard_figures(scope, selectors.Filters(sex="female"))
    with django_assert_num_queries(4):  # requirements, headcount, people meeting, provinces
        selectors.gap_matrix(scope, selectors.Filters())


def test_exporting_the_summary_reads_no_panel(client, monkeypatch):
    from competencies import dashboards

    read = []
    monkeypatch.setitem(dashboards.DASHBOARD_PANELS, "spy", lambda *args: read.append(args))
    seed(make_framework())
    client.force_login(planner(country="KH"))
    assert client.get("/en/hr/export/summary.csv").status_code == 200
    assert client.get("/en/hr/export/tiers.xlsx").status_code == 200
    assert read == []
    assert client.get("/en/hr/").status_code == 200
    assert len(read) == 1

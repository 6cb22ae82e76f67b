"""End to end in Chromium on a phone: a national HR planner reads the upcoming cohorts panel in Khmer,
follows a registration figure to the people behind it, and sees on a person's page the upcoming
cohort that closes their gap."""

from datetime import timedelta

import pytest

from cohorts.services import assign

from ..cohorts.factories import make_cohort
from ..competencies.helpers import link_course, make_framework, planner
from ..factories import make_course, make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_planner_follows_the_cohorts_panel_to_a_person(live_server, page):
    framework = make_framework()
    course = make_course(modules=0, lessons=0, tier="provincial")
    link_course(course, framework["counselling"], framework["levels"][2])
    cohort = make_cohort(course=course, country="KH", province="KH-12", capacity=4, start_in=timedelta(days=9))
    women = [make_staff(country="KH", province="KH-12", sex="female") for _ in range(2)]
    assign(cohort=cohort, people=[*women, make_staff(country="KH", province="KH-12", sex="male")], assigned_by=None)
    learner = make_staff(country="KH", province="KH-12", sex="female")
    profile = learner.staff_profile
    profile.position = framework["counsellor"]  # needs counselling at level 2: a gap
    profile.save()
    planner(country="KH", username="hr-cohorts-e2e", preferred_language="km")

    page.goto(f"{live_server.url}/km/accounts/login/")
    page.fill("#id_username", "hr-cohorts-e2e")
    page.fill("#id_password", "pass-word-123")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/km/hr/")
    panel = page.locator("#table-upcoming_cohorts").locator("xpath=..")
    assert panel.locator("h2").inner_text() == "ក្រុមសិក្សាខាងមុខ និងអត្រាចុះឈ្មោះ"
    row = panel.locator("tbody tr").first
    assert row.locator("th").inner_text() == cohort.title_km
    cells = row.locator("td")
    assert [cells.nth(i).inner_text() for i in range(3, 7)] == ["4", "3", "75,0%", "0"]
    female = cells.nth(7).locator("a")
    assert female.inner_text() == "2"
    female.click()
    page.wait_for_url("**/km/hr/people/?**")
    names = page.locator(".hr-table tbody th")
    assert names.count() == 2
    assert {names.nth(i).inner_text() for i in range(2)} == {w.staff_profile.display_name for w in women}

    from competencies.views import person_url

    page.goto(f"{live_server.url}{person_url(profile).replace('/en/', '/km/')}")
    link = page.locator(f".cohort-list a[href='/km/cohorts/{cohort.public_id}/']")
    assert link.inner_text() == cohort.title_km

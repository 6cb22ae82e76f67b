"""End to end in Chromium: a learner's phone calendar feed, and an HR planner assigning training.

The feed's address is read off the calendar page, fetched as a phone calendar would, parsed back
with the icalendar library and checked for the learner's meetings and due dates; getting a new
address makes the old one a 404. Set SCREENSHOTS_DIR to keep screenshots of the pages.
"""

import os
from datetime import timedelta

import pytest
from icalendar import Calendar

from cohorts.services import assign
from people.models import Country, Province, Role
from people.services import grant_role
from planning.models import Assignment
from planning.selectors import today
from planning.services import assign_training

from ..cohorts.factories import make_cohort
from ..factories import make_course, make_staff
from ..planning.helpers import profiles

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _log_in(page, live_server, username, lang):
    page.goto(f"{live_server.url}/{lang}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pass-word-123")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def _shot(page, name):
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, f"planning-{name}.png"), full_page=True)


def _hr(country):
    hr = make_staff(username=f"e2e.hr.{country}", country=country, roles=())
    grant_role(user=hr, role=Role.HR_PLANNER, country=Country.objects.get(code=country))
    return hr


@pytest.mark.parametrize("lang,country", [("km", "KH"), ("lo", "LA")])
def test_the_phone_calendar_feed_validates_and_its_address_can_be_reset(live_server, page, lang, country):
    learner = make_staff(username=f"e2e.cal.{lang}", country=country, preferred_language=lang)
    cohort = make_cohort(tier="provincial", country=country, meetings=2, start_in=timedelta(days=1, hours=2))
    assign(cohort=cohort, people=[learner], assigned_by=None)
    course = make_course(modules=1, lessons=1)
    assign_training(
        planner=_hr(country), profiles=profiles(learner), due_date=today() + timedelta(days=3), course=course
    )
    due = Assignment.objects.get(learner=learner)

    _log_in(page, live_server, learner.username, lang)
    page.goto(f"{live_server.url}/{lang}/calendar/?view=list")
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("[data-kind=meeting]").count() == 2
    assert page.locator("[data-kind=due]").count() == 1
    assert "Asia/" not in page.inner_text("main")
    _shot(page, f"calendar-list-{lang}")
    page.goto(f"{live_server.url}/{lang}/calendar/")
    _shot(page, f"calendar-week-{lang}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone

    old_url = page.input_value("[data-testid=feed-url]")
    response = page.request.get(old_url)
    assert response.status == 200 and response.headers["content-type"].startswith("text/calendar")
    body = response.body()
    assert b"\r\n" in body and all(len(line) <= 75 for line in body.split(b"\r\n"))
    calendar = Calendar.from_ical(body)
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    meetings = list(cohort.meetings.order_by("starts_at"))
    for meeting in meetings:
        (event,) = [e for uid, e in events.items() if uid.startswith(f"meeting-{meeting.pk}-")]
        assert event.decoded("DTSTART") == meeting.starts_at.replace(microsecond=0)
        assert event.decoded("DTEND") == meeting.ends_at.replace(microsecond=0)
        assert (cohort.title_km if lang == "km" else cohort.title_lo) in str(event["SUMMARY"])
    assert events[f"assignment-{due.pk}-due@pes-learning"].decoded("DTSTART") == due.due_date

    page.click("[data-testid=reset-feed]")
    page.wait_for_load_state()
    new_url = page.input_value("[data-testid=feed-url]")
    assert new_url != old_url
    assert page.request.get(old_url).status == 404
    assert page.request.get(new_url).status == 200


def test_an_hr_planner_previews_then_assigns_training(live_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    hr = _hr("KH")
    course = make_course(modules=1, lessons=1)
    battambang = [make_staff(country="KH", province="KH-2") for _ in range(3)]
    make_staff(country="KH", province="KH-12")
    make_staff(country="LA")
    _log_in(page, live_server, hr.username, "km")
    page.goto(f"{live_server.url}/km/hr/training/")
    page.click("[data-testid=assign-training]")
    page.select_option("#id_province", str(Province.objects.get(code="KH-2").pk))
    page.select_option("#id_course", str(course.pk))
    page.fill("#id_due_date", (today() + timedelta(days=21)).isoformat())
    page.click("[data-testid=preview-button]")
    page.wait_for_selector("[data-testid=preview]")
    assert page.locator(".preview-names li").count() == 3
    assert not Assignment.objects.exists()
    _shot(page, "assign-preview-km")
    page.click("[data-testid=confirm]")
    page.wait_for_url("**/km/hr/training/")
    assert set(Assignment.objects.values_list("learner_id", flat=True)) == {p.pk for p in battambang}
    _shot(page, "report-km")
    context.close()

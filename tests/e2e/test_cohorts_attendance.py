"""End to end in Chromium on a phone-sized screen: a trainer takes attendance, a participant checks in."""

from datetime import timedelta

import pytest

from cohorts.models import AttendanceRecord
from cohorts.services import assign

from ..cohorts.factories import make_cohort
from ..factories import make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _log_in(page, live_server, username):
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pass-word-123")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_trainer_takes_attendance_and_a_participant_checks_in(live_server, page):
    assert page.viewport_size == {"width": 390, "height": 844}
    trainer = make_staff(username="e2e.trainer", roles=["learner", "trainer"], preferred_language="km")
    # Yesterday's meeting and one that began five minutes ago (check-in open).
    cohort = make_cohort(trainers=[trainer], meetings=2, start_in=-timedelta(days=1, minutes=5))
    people = [make_staff(username=f"e2e.p{n}") for n in range(3)]
    late_comer = make_staff(username="e2e.checkin")
    participations = assign(cohort=cohort, people=people + [late_comer], assigned_by=None)
    second, first = cohort.meetings.all()  # `first` is today's meeting, where people check in

    _log_in(page, live_server, "e2e.trainer")
    page.goto(f"{live_server.url}/km/cohorts/mine/")
    page.click(f"text={cohort.title_km}")
    page.click("a[href$='/roster/']")
    page.click(f"a[href*='/meetings/{second.pk}/attendance/']")
    page.click("[data-testid=all-present]")
    page.wait_for_load_state()
    assert not AttendanceRecord.objects.filter(meeting=second).exists()  # it asks first
    page.click("[data-testid=confirm-all-present]")
    page.wait_for_load_state()
    assert AttendanceRecord.objects.filter(meeting=second, status="present").count() == 4

    page.goto(f"{live_server.url}/km/cohorts/{cohort.public_id}/meetings/{first.pk}/attendance/")
    code = page.inner_text("[data-testid=checkin-code]")
    assert code == first.checkin_code
    page.check(f"input[name=status-{participations[0].pk}][value=present]")
    page.check(f"input[name=status-{participations[1].pk}][value=excused]")
    page.click("[data-testid=save-attendance]")
    page.wait_for_load_state()
    assert page.is_checked(f"input[name=status-{participations[1].pk}][value=excused]")
    page.context.clear_cookies()

    _log_in(page, live_server, "e2e.checkin")
    page.goto(f"{live_server.url}/lo/cohorts/check-in/")
    page.fill("#id_code", code.lower())
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/lo/cohorts/{cohort.public_id}/")
    assert AttendanceRecord.objects.get(meeting=first, participation=participations[3]).source == "checkin"
    saved = dict(AttendanceRecord.objects.filter(meeting=first).values_list("participation_id", "status"))
    assert saved == {participations[0].pk: "present", participations[1].pk: "excused", participations[3].pk: "present"}

"""End to end in Chromium on a phone (390x844), in Khmer and Lao: attendance people can trust.

A trainer cannot record attendance for a meeting that has not begun (and the participant gets no
completion and no certificate); "all present" asks first and leaves a late check-in late.
"""

from datetime import timedelta

import pytest

from cohorts.models import AttendanceRecord
from cohorts.services import assign
from courses.models import Enrolment

from ..cohorts.factories import make_cohort
from ..factories import make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _log_in(page, live_server, username, language):
    page.goto(f"{live_server.url}/{language}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pass-word-123")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_a_trainer_cannot_record_attendance_for_a_future_meeting_in_khmer(live_server, page):
    assert page.viewport_size == {"width": 390, "height": 844}
    trainer = make_staff(username="e2e.km.trainer", roles=["learner", "trainer"], preferred_language="km")
    cohort = make_cohort(trainers=[trainer], start_in=timedelta(days=21), min_attendance_percent=100)
    learner = make_staff(username="e2e.km.learner", preferred_language="km")
    (participation,) = assign(cohort=cohort, people=[learner], assigned_by=None)
    meeting = cohort.meetings.get()

    _log_in(page, live_server, "e2e.km.trainer", "km")
    page.goto(f"{live_server.url}/km/cohorts/{cohort.public_id}/roster/")
    page.click(f"a[href*='/meetings/{meeting.pk}/attendance/']")
    notice = page.inner_text("[data-testid=not-started]")
    assert "មិនទាន់ចាប់ផ្តើម" in notice
    assert page.locator("[data-testid=save-attendance]").count() == 0
    assert page.locator("[data-testid=all-present]").count() == 0
    assert page.locator("input[type=radio]").count() == 0

    # The confirmation page of "all present" offers nothing to press either...
    page.goto(f"{live_server.url}/km/cohorts/{cohort.public_id}/meetings/{meeting.pk}/attendance/all-present/")
    assert page.locator("[data-testid=not-started]").count() == 1
    assert page.locator("[data-testid=confirm-all-present]").count() == 0
    # ...and a request forged from the phone is refused in Khmer, nothing saved.
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    for url, data in (
        (
            f"/km/cohorts/{cohort.public_id}/meetings/{meeting.pk}/attendance/",
            {f"status-{participation.pk}": "present"},
        ),
        (f"/km/cohorts/{cohort.public_id}/meetings/{meeting.pk}/attendance/all-present/", {}),
    ):
        response = page.request.post(
            live_server.url + url, form=data, headers={"X-CSRFToken": token, "Referer": live_server.url + url}
        )
        assert response.status == 409 and "មិនទាន់ចាប់ផ្តើម" in response.text()
    # The import lists no meeting to import into.
    page.goto(f"{live_server.url}/km/cohorts/{cohort.public_id}/import/")
    assert page.locator("#id_meeting option").count() == 0
    assert not AttendanceRecord.objects.exists()
    page.context.clear_cookies()

    _log_in(page, live_server, "e2e.km.learner", "km")
    page.goto(f"{live_server.url}/km/certificates/")
    assert cohort.course.title_km not in page.inner_text("main")
    assert Enrolment.objects.get(learner=learner).completed_at is None
    from certificates.models import IssuedCertificate

    assert not IssuedCertificate.objects.filter(holder=learner).exists()


def test_all_present_asks_first_and_leaves_a_late_check_in_late_in_lao(live_server, page):
    assert page.viewport_size == {"width": 390, "height": 844}
    trainer = make_staff(username="e2e.lo.trainer", country="LA", roles=["learner", "trainer"], preferred_language="lo")
    cohort = make_cohort(trainers=[trainer], country="LA", start_in=timedelta(minutes=-20))
    late_comer = make_staff(username="e2e.lo.late", country="LA", preferred_language="lo")
    others = [make_staff(username=f"e2e.lo.p{n}", country="LA") for n in range(2)]
    participations = assign(cohort=cohort, people=[late_comer, *others], assigned_by=None)
    meeting = cohort.meetings.get()

    _log_in(page, live_server, "e2e.lo.late", "lo")
    page.goto(f"{live_server.url}/lo/cohorts/check-in/")
    page.fill("#id_code", meeting.checkin_code)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/lo/cohorts/{cohort.public_id}/")
    record = AttendanceRecord.objects.get(participation=participations[0])
    assert (record.status, record.source) == ("late", "checkin")
    page.context.clear_cookies()

    _log_in(page, live_server, "e2e.lo.trainer", "lo")
    page.goto(f"{live_server.url}/lo/cohorts/{cohort.public_id}/meetings/{meeting.pk}/attendance/")
    assert "Asia/Vientiane" not in page.inner_text("main") and "ເວລາລາວ" in page.inner_text("main")
    # "Save attendance" is the button; "all present" is a quieter link that leads to a question.
    assert page.locator("button[data-testid=save-attendance]").count() == 1
    assert page.locator("a[data-testid=all-present]").count() == 1
    page.click("[data-testid=all-present]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=to-mark] li").count() == 2
    assert "ມາຊ້າ" in page.inner_text("[data-testid=kept]")  # "late", kept as recorded
    assert AttendanceRecord.objects.count() == 1  # nothing saved by looking
    page.click("[data-testid=confirm-all-present]")
    page.wait_for_url(f"**/lo/cohorts/{cohort.public_id}/meetings/{meeting.pk}/attendance/")
    saved = dict(AttendanceRecord.objects.values_list("participation_id", "status"))
    assert saved == {participations[0].pk: "late", participations[1].pk: "present", participations[2].pk: "present"}
    assert page.is_checked(f"input[name=status-{participations[0].pk}][value=late]")

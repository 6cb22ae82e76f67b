"""Attendance people can trust: only for meetings that have begun, "all present" that asks and keeps what
was recorded, imports that show conflicts, completion only after the last meeting, and a roster (and a
signal) when attendance falls below the rule after completion."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cohorts.models import AttendanceRecord
from cohorts.services import check_in, record_attendance
from cohorts.signals import attendance_fell_below
from core.errors import Conflict
from courses.models import Enrolment

from ..factories import make_staff
from .factories import make_cohort, registered

pytestmark = pytest.mark.django_db


def _url(cohort, rest=""):
    return f"/en/cohorts/{cohort.public_id}/{rest}"


@pytest.fixture
def future(client):
    trainer = make_staff(roles=["trainer"])
    cohort = make_cohort(trainers=[trainer], start_in=timedelta(days=21), min_attendance_percent=100)
    people = registered(cohort, 2)
    client.force_login(trainer)
    return cohort, cohort.meetings.get(), people


def test_attendance_for_a_meeting_that_has_not_begun_is_refused_everywhere(client, future):
    from cohorts.services import mark_unmarked_present

    cohort, meeting, (first, second) = future
    with pytest.raises(Conflict):
        record_attendance(meeting=meeting, statuses={first.pk: "present"})
    with pytest.raises(Conflict):
        mark_unmarked_present(meeting=meeting)
    sheet = client.get(_url(cohort, f"meetings/{meeting.pk}/attendance/"))
    assert sheet.status_code == 200 and b'data-testid="not-started"' in sheet.content
    assert b"save-attendance" not in sheet.content and b"checkin-code" not in sheet.content
    refused = client.post(_url(cohort, f"meetings/{meeting.pk}/attendance/"), {f"status-{first.pk}": "present"})
    assert refused.status_code == 409 and "has not started yet" in refused.content.decode()
    assert client.post(_url(cohort, f"meetings/{meeting.pk}/attendance/all-present/")).status_code == 409
    km = client.post(f"/km/cohorts/{cohort.public_id}/meetings/{meeting.pk}/attendance/all-present/")
    assert km.status_code == 409 and "មិនទាន់ចាប់ផ្តើម" in km.content.decode()
    # The import offers only meetings that have begun, and refuses another one.
    page = client.get(_url(cohort, "import/"))
    assert list(page.context["form"].fields["meeting"].queryset) == []
    assert not AttendanceRecord.objects.exists()
    assert Enrolment.objects.filter(completed_at__isnull=False).count() == 0


def test_a_live_course_does_not_complete_before_its_last_meeting_has_ended():
    from cohorts.completion import attendance_met

    cohort = make_cohort(meetings=2, start_in=timedelta(days=-1), min_attendance_percent=50)
    (participation,) = registered(cohort, 1)
    first, second = cohort.meetings.all()  # yesterday's (ended) and one running now (set below)
    second.starts_at = timezone.now() - timedelta(minutes=5)
    second.ends_at = timezone.now() + timedelta(hours=1)
    second.save()
    record_attendance(meeting=first, statuses={participation.pk: "present"})
    record_attendance(meeting=second, statuses={participation.pk: "present"})
    enrolment = Enrolment.objects.get(pk=participation.enrolment_id)
    assert enrolment.completed_at is None
    assert not attendance_met([enrolment])[enrolment.pk].met
    from cohorts.tasks import complete_ended_cohorts

    assert complete_ended_cohorts.call() == 0
    second.ends_at = timezone.now() - timedelta(minutes=1)
    second.save()
    assert attendance_met([enrolment])[enrolment.pk].met
    assert complete_ended_cohorts.call() == 1
    assert Enrolment.objects.get(pk=participation.enrolment_id).completed_at is not None
    assert complete_ended_cohorts.call() == 0  # safe to run again


def test_all_present_asks_first_fills_only_unmarked_rows_and_leaves_a_late_check_in_late(client):
    trainer = make_staff(roles=["trainer"])
    cohort = make_cohort(trainers=[trainer], start_in=timedelta(minutes=-20))
    late_comer, excused, unmarked = registered(cohort, 3)
    meeting = cohort.meetings.get()
    check_in(person=late_comer.person, code=meeting.checkin_code)
    record_attendance(meeting=meeting, statuses={excused.pk: "excused"}, recorded_by=trainer)
    client.force_login(trainer)
    sheet = client.get(_url(cohort, f"meetings/{meeting.pk}/attendance/")).content.decode()
    # "All present" is a plain link to a confirmation page, after the primary "Save attendance" button.
    assert sheet.index('data-testid="save-attendance"') < sheet.index('data-testid="all-present"')
    assert 'type="submit" name="all_present"' not in sheet
    confirm = client.get(_url(cohort, f"meetings/{meeting.pk}/attendance/all-present/"))
    assert confirm.status_code == 200 and [p.pk for p in confirm.context["unmarked"]] == [unmarked.pk]
    assert AttendanceRecord.objects.count() == 2  # looking at the confirmation saves nothing
    assert client.post(_url(cohort, f"meetings/{meeting.pk}/attendance/all-present/")).status_code == 302
    saved = {r.participation_id: (r.status, r.source) for r in AttendanceRecord.objects.all()}
    assert saved == {
        late_comer.pk: ("late", "checkin"),
        excused.pk: ("excused", "roster"),
        unmarked.pk: ("present", "roster"),
    }


def test_falling_below_the_rule_after_completion_shows_on_the_roster_and_is_announced(
    client, django_capture_on_commit_callbacks
):
    trainer = make_staff(roles=["trainer"])
    cohort = make_cohort(trainers=[trainer], meetings=2, start_in=timedelta(days=-3), min_attendance_percent=100)
    (participation,) = registered(cohort, 1)
    first, second = cohort.meetings.all()
    received = []

    def listener(sender, enrolment, **kwargs):
        received.append(enrolment.pk)

    attendance_fell_below.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            record_attendance(meeting=first, statuses={participation.pk: "present"})
            record_attendance(meeting=second, statuses={participation.pk: "present"})
        assert Enrolment.objects.get(pk=participation.enrolment_id).completed_at is not None
        assert received == []
        client.force_login(trainer)
        assert b'data-testid="below-rule"' not in client.get(_url(cohort, "roster/")).content
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            record_attendance(meeting=second, statuses={participation.pk: "absent"}, recorded_by=trainer)
        assert received == []  # only after commit
        for callback in callbacks:
            callback()
        assert received == [participation.enrolment_id]
    finally:
        attendance_fell_below.disconnect(listener)
    roster = client.get(_url(cohort, "roster/")).content.decode()
    assert 'data-testid="below-rule"' in roster
    assert '<span class="badge badge-done">Completed</span>' not in roster


# Check-in codes ------------------------------------------------------------------------------------


def test_check_in_codes_work_only_in_a_short_window_and_answer_alike_when_closed_or_wrong():
    from core.errors import ApplicationError as InvalidInput  # the refusal's class is checked below

    cohort = make_cohort(start_in=timedelta(hours=-2), meeting_length=timedelta(hours=4))
    (participation,) = registered(cohort, 1)
    meeting = cohort.meetings.get()
    answers = []
    for code, at in (
        ("ZZZZZZ", meeting.starts_at),  # no such code
        (meeting.checkin_code, meeting.starts_at + timedelta(minutes=31)),  # valid code, window closed
        (meeting.checkin_code, meeting.starts_at - timedelta(minutes=16)),  # not open yet
    ):
        with pytest.raises(InvalidInput) as error:
            check_in(person=participation.person, code=code, at=at)
        answers.append((error.value.status, str(error.value.message)))
    assert len(set(answers)) == 1 and answers[0][0] == 400
    assert not AttendanceRecord.objects.exists()
    from cohorts.models import CHECKIN_CLOSES_AFTER_START, CHECKIN_OPENS_BEFORE

    assert CHECKIN_OPENS_BEFORE == timedelta(minutes=15) and CHECKIN_CLOSES_AFTER_START == timedelta(minutes=30)
    _m, record = check_in(
        person=participation.person, code=meeting.checkin_code, at=meeting.starts_at + timedelta(minutes=29)
    )
    assert record.status == "late"


def test_a_wrong_and_a_closed_code_get_the_same_page(client):
    cohort = make_cohort(start_in=timedelta(hours=-2), meeting_length=timedelta(hours=4))
    (participation,) = registered(cohort, 1)
    client.force_login(participation.person)
    closed = client.post("/en/cohorts/check-in/", {"code": cohort.meetings.get().checkin_code})
    wrong = client.post("/en/cohorts/check-in/", {"code": "ZZZZZZ"})
    assert closed.status_code == wrong.status_code == 400

    def visible(response):
        import re

        return re.sub(r' value="[^"]*"', "", response.content.decode())  # the typed code and the CSRF token

    assert visible(closed) == visible(wrong)
    assert "This code is not valid now." in visible(closed)
    assert 'id="id_code"' in visible(closed)  # shown on the form, to try again


# Calendar files --------------------------------------------------------------------------------------


def test_ics_escapes_every_line_break_and_folds_at_75_octets():
    from cohorts import ics

    cohort = make_cohort(venue="Room 1\rBEGIN:VEVENT\r\nX;Y,Z\\ end\n" + "ສູນບໍລິການຈັດຫາງານ " * 10)
    meetings = list(cohort.meetings.all())
    body = ics.calendar(meetings, title="Title\rSUMMARY:injected", with_links=False)
    lines = body.split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert "\r" not in body.replace("\r\n", "") and "\n" not in body.replace("\r\n", "")
    unfolded = body.replace("\r\n ", "")
    assert "SUMMARY:Title\\nSUMMARY:injected\r\n" in unfolded
    assert "LOCATION:Room 1\\nBEGIN:VEVENT\\nX\\;Y\\,Z\\\\ end\\n" in unfolded
    assert unfolded.count("BEGIN:VEVENT") == 1 + 1  # the real event and the escaped text, never a new line


# Cross-border cascade (finding 10) ------------------------------------------------------------------


def test_a_cambodian_planner_sees_a_lao_graduate_counted_never_named_and_nothing_of_laos(client):
    from cohorts.models import CascadeLink, CertifiedTrainer
    from cohorts.selectors import cascade_report
    from cohorts.services import set_trainers
    from people.models import Country, Role
    from people.services import grant_role

    from ..factories import make_course

    tot = make_course(modules=0, lessons=0, tier="tot")
    provincial = make_course(modules=0, lessons=0, tier="provincial")
    CascadeLink.objects.create(provincial_course=provincial, tot_course=tot)
    tot_cohort = make_cohort(course=tot, country="KH", province="KH-12")
    kh_trainer = make_staff(country="KH", province="KH-2", last_name="Khmertrainer")
    la_trainer = make_staff(country="LA", province="LA-LP", last_name="Laotrainer")
    for person in (kh_trainer, la_trainer):
        CertifiedTrainer.objects.create(person=person, course=tot, cohort=tot_cohort)
    kh_session = make_cohort(course=provincial, country="KH", province="KH-2")
    la_session = make_cohort(course=provincial, country="LA", province="LA-LP")
    set_trainers(cohort=kh_session, trainers=[kh_trainer])
    set_trainers(cohort=la_session, trainers=[la_trainer])
    registered(kh_session, 3, country="KH", province="KH-2", sex="female")
    registered(la_session, 4, country="LA", province="LA-LP", sex="male")

    planner = make_staff(country="KH", roles=[])
    grant_role(user=planner, role=Role.HR_PLANNER, country=Country.objects.get(code="KH"))
    (row,) = cascade_report(planner)
    assert [g.certification.person for g in row.graduates] == [kh_trainer]
    assert row.graduates_outside == 1 and row.graduate_count == 2
    assert row.reached == 3 and dict(row.by_sex) == {"female": 3}
    assert set(row.by_province) == {"Battambang"} or all("Luang" not in name for name in row.by_province)
    client.force_login(planner)
    page = client.get("/en/cohorts/cascade/").content.decode()
    assert "Khmertrainer" in page and "Laotrainer" not in page
    assert la_session.title not in page and "Luang Prabang" not in page
    assert "1 from outside your area" in page

    admin = make_staff(roles=[Role.ADMINISTRATOR])
    (row,) = cascade_report(admin)
    assert len(row.graduates) == 2 and row.reached == 7


def test_fill_rates_offer_only_provinces_in_scope(client):
    from people.models import Country, Role
    from people.services import grant_role

    planner = make_staff(country="LA", roles=[])
    grant_role(user=planner, role=Role.HR_PLANNER, country=Country.objects.get(code="LA"))
    inside, outside = make_cohort(country="LA", province="LA-VT"), make_cohort(country="KH", province="KH-2")
    client.force_login(planner)
    response = client.get("/en/cohorts/fill-rates/")
    provinces = list(response.context["form"].fields["province"].queryset)
    assert provinces and all(p.country.code == "LA" for p in provinces)
    page = response.content.decode()
    assert inside.title in page and outside.title not in page
    kh = outside.province
    assert client.get(f"/en/cohorts/fill-rates/?province={kh.pk}").status_code == 400


def test_a_cambodian_planner_sees_a_cambodian_tots_roster_without_the_names_of_its_lao_participants(client):
    from cohorts.models import Participation
    from core.permissions import visible_to
    from people.models import Country, Role
    from people.services import grant_role

    trainer = make_staff(roles=["trainer"])
    tot = make_cohort(tier="tot", country="KH", province="KH-12", trainers=[trainer])
    registered(tot, 1, country="KH", last_name="Khmerparticipant")
    registered(tot, 1, country="LA", province="LA-LP", last_name="Laoparticipant")
    planner = make_staff(country="KH", roles=[])
    grant_role(user=planner, role=Role.HR_PLANNER, country=Country.objects.get(code="KH"))
    client.force_login(planner)
    page = client.get(_url(tot, "roster/")).content.decode()
    assert "Khmerparticipant" in page and "Laoparticipant" not in page
    assert "1 more from outside your area (not named)" in page
    names = visible_to(planner, "cohorts.view_participation", Participation.objects.filter(cohort=tot))
    assert [p.person.last_name for p in names] == ["Khmerparticipant"]
    client.force_login(trainer)  # the cohort's trainer sees everyone
    assert "Laoparticipant" in client.get(_url(tot, "roster/")).content.decode()

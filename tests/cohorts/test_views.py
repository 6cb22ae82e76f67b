"""Cohort pages: who sees what, registration, calendar files, check-in, HR placement."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cohorts.models import AttendanceRecord, Participation
from people.models import Role

from ..factories import make_staff
from .factories import make_cohort, registered

pytestmark = pytest.mark.django_db


def _url(cohort, rest=""):
    return f"/en/cohorts/{cohort.public_id}/{rest}"


@pytest.fixture
def two_trainers():
    mine, other = make_staff(roles=["trainer"]), make_staff(roles=["trainer"])
    my_cohort = make_cohort(trainers=[mine], start_in=timedelta(hours=-1))
    other_cohort = make_cohort(trainers=[other], start_in=timedelta(hours=-1))
    registered(my_cohort, 2)
    registered(other_cohort, 2, last_name="Secretperson")
    return mine, my_cohort, other_cohort


def test_a_trainer_cannot_see_or_change_another_trainers_roster(client, two_trainers):
    trainer, my_cohort, other_cohort = two_trainers
    client.force_login(trainer)
    assert client.get(_url(my_cohort, "roster/")).status_code == 200
    response = client.get(_url(other_cohort, "roster/"))
    assert response.status_code == 403 and b"Secretperson" not in response.content
    meeting = other_cohort.meetings.get()
    assert client.get(_url(other_cohort, f"meetings/{meeting.pk}/attendance/")).status_code == 403
    assert (
        client.post(_url(other_cohort, f"meetings/{meeting.pk}/attendance/"), {"all_present": "1"}).status_code == 403
    )
    assert client.get(_url(other_cohort, "import/")).status_code == 403
    pending = Participation.objects.filter(cohort=other_cohort).first()
    assert client.post(_url(other_cohort, f"participants/{pending.pk}/approve/")).status_code == 403
    assert not AttendanceRecord.objects.filter(meeting=meeting).exists()
    page = client.get("/en/cohorts/mine/").content.decode()
    assert my_cohort.title in page and other_cohort.title not in page


def test_trainer_takes_attendance_all_present_then_corrects_one(client, two_trainers):
    trainer, cohort, _other = two_trainers
    client.force_login(trainer)
    meeting = cohort.meetings.get()
    url = _url(cohort, f"meetings/{meeting.pk}/attendance/")
    assert client.post(url + "all-present/").status_code == 302
    first, second = Participation.objects.filter(cohort=cohort).order_by("pk")
    assert client.post(url, {f"status-{first.pk}": "late", f"status-{second.pk}": "present"}).status_code == 302
    assert dict(AttendanceRecord.objects.values_list("participation_id", "status")) == {
        first.pk: "late",
        second.pk: "present",
    }
    assert client.post(url, {f"status-{first.pk}": "asleep"}).status_code == 400
    assert AttendanceRecord.objects.get(participation=first).status == "late"


def test_hr_sees_rosters_in_scope_only(client):
    hr = make_staff(country="LA", roles=[])
    from people.models import Country, Province
    from people.services import grant_role

    grant_role(
        user=hr,
        role=Role.HR_PLANNER,
        country=Country.objects.get(code="LA"),
        province=Province.objects.get(code="LA-SV"),
    )
    inside = make_cohort(country="LA", province="LA-SV")
    outside = make_cohort(country="LA", province="LA-VT")
    client.force_login(hr)
    assert client.get(_url(inside, "roster/")).status_code == 200
    assert client.get(_url(outside, "roster/")).status_code == 403
    rates = client.get("/en/cohorts/fill-rates/").content.decode()
    assert inside.title in rates and outside.title not in rates


def test_join_link_only_for_registered_people_and_recording_after_the_event(client):
    cohort = make_cohort()
    person = make_staff()
    client.force_login(person)
    assert b"secret-room" not in client.get(_url(cohort)).content
    assert b"secret-room" not in client.get(_url(cohort, "calendar.ics")).content
    assert client.post(_url(cohort), {"action": "register"}).status_code == 302
    assert b"secret-room" in client.get(_url(cohort)).content
    ics = client.get(_url(cohort, "calendar.ics"))
    assert ics["Content-Type"].startswith("text/calendar") and b"secret-room" in ics.content
    assert ics.content.startswith(b"BEGIN:VCALENDAR\r\n") and b"DTSTART:" in ics.content

    past = make_cohort(start_in=timedelta(days=-5), recording_link="https://video.example.org/rec")
    upcoming = make_cohort(recording_link="https://video.example.org/later")
    assert b"video.example.org/rec" in client.get(_url(past)).content
    assert b"video.example.org/later" not in client.get(_url(upcoming)).content


def test_meetings_show_in_the_cohort_countrys_time_zone(client):
    from datetime import UTC, datetime

    cohort = make_cohort(country="LA")
    meeting = cohort.meetings.get()
    meeting.starts_at = datetime(2030, 3, 1, 2, 0, tzinfo=UTC)  # 09:00 in Vientiane
    meeting.ends_at = datetime(2030, 3, 1, 4, 0, tzinfo=UTC)
    meeting.save()
    page = client.get(_url(cohort)).content.decode()
    assert "09:00–11:00" in page and "Laos time (UTC+7)" in page
    for language, name in (("km", "ម៉ោងនៅឡាវ"), ("lo", "ເວລາລາວ")):
        page = client.get(f"/{language}/cohorts/{cohort.public_id}/").content.decode()
        assert "Asia/Vientiane" not in page and name in page


def test_registering_full_cohort_puts_you_on_the_waiting_list_and_assigned_ones_refuse(client):
    cohort = make_cohort(capacity=1)
    registered(cohort, 1)
    person = make_staff()
    client.force_login(person)
    client.post(_url(cohort), {"action": "register"})
    assert Participation.objects.get(cohort=cohort, person=person).status == "waiting"
    assigned = make_cohort(enrolment_mode="assigned")
    assert client.post(_url(assigned), {"action": "register"}).status_code == 403
    assert client.post(_url(assigned), {"action": "dance"}).status_code == 400
    assert client.get("/en/cohorts/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_list_filters_by_kind_province_and_language(client):
    webinar = make_cohort(tier="webinar", languages=["lo"])
    session = make_cohort(tier="provincial", province="KH-2", languages=["km"])
    page = client.get("/en/cohorts/?kind=provincial").content.decode()
    assert session.title in page and webinar.title not in page
    page = client.get("/en/cohorts/?language=lo").content.decode()
    assert webinar.title in page and session.title not in page
    from people.models import Province

    page = client.get(f"/en/cohorts/?province={Province.objects.get(code='KH-2').pk}").content.decode()
    assert session.title in page and webinar.title not in page
    assert client.get("/en/cohorts/?kind=picnic").status_code == 400


def test_check_in_page(client):
    cohort = make_cohort(start_in=timedelta(minutes=-10))
    (participation,) = registered(cohort, 1)
    client.force_login(participation.person)
    meeting = cohort.meetings.get()
    assert client.post("/en/cohorts/check-in/", {"code": "WRONG1"}).status_code == 400
    assert client.post("/en/cohorts/check-in/", {"code": meeting.checkin_code}).status_code == 302
    assert AttendanceRecord.objects.get().status == "present"
    page = client.get(_url(cohort)).content.decode()
    # Checked in, but the meeting is still running: the course completes only once it has ended.
    assert "You attended 1 of 1 meetings." in page and "Completed" not in page
    cohort.meetings.update(ends_at=timezone.now() - timedelta(minutes=1))
    from cohorts.tasks import complete_ended_cohorts

    assert complete_ended_cohorts.call() == 1
    assert "Completed" in client.get(_url(cohort)).content.decode()


def test_hr_places_staff_in_an_assigned_cohort(client):
    hr = make_staff(roles=[])
    from people.models import Country
    from people.services import grant_role

    grant_role(user=hr, role=Role.HR_PLANNER, country=Country.objects.get(code="KH"))
    cohort = make_cohort(enrolment_mode="assigned", capacity=1)
    a, b = make_staff(), make_staff()
    lao = make_staff(country="LA")
    client.force_login(hr)
    page = client.get(_url(cohort, "assign/")).content.decode()
    assert a.staff_profile.display_name in page and lao.staff_profile.display_name not in page
    ids = [a.staff_profile.pk, b.staff_profile.pk]
    assert client.post(_url(cohort, "assign/"), {"people": ids}).status_code == 302
    statuses = dict(Participation.objects.filter(cohort=cohort).values_list("person", "status"))
    assert statuses == {a.pk: "registered", b.pk: "waiting"}
    assert client.post(_url(cohort, "assign/"), {"people": [lao.staff_profile.pk]}).status_code == 400
    learner = make_staff()
    client.force_login(learner)
    assert client.get(_url(cohort, "assign/")).status_code == 403
    assert client.get("/en/cohorts/cascade/").status_code == 403


def test_reminders_are_sent_once_in_the_persons_language(mailoutbox, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    cohort = make_cohort(start_in=timedelta(hours=3))
    registered(cohort, 2, preferred_language="km")
    make_cohort(start_in=timedelta(days=3))  # too far ahead
    # The reminder is a notification now: its e-mail is a task queued once the claim has committed.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_meeting_reminders")
    assert len(mailoutbox) == 2
    assert cohort.title_km in mailoutbox[0].subject  # the Khmer title for a Khmer reader
    assert "Asia/Phnom_Penh" not in mailoutbox[0].body and "ម៉ោងនៅកម្ពុជា (UTC+7)" in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_meeting_reminders")
    assert len(mailoutbox) == 2


def test_a_live_course_page_lists_its_upcoming_sessions_within_the_query_budget(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cohort = make_cohort(tier="webinar")
    over = make_cohort(course=cohort.course, start_in=timedelta(days=-30))
    client.force_login(make_staff())
    url = f"/km{cohort.course.url_path[len('/courses') :]}"
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(url).content.decode()
    assert f"/km/cohorts/{cohort.public_id}/" in html and str(over.public_id) not in html
    assert len(ctx.captured_queries) <= 12

"""Registration, the waiting list, approval, trainers of provincial sessions, check-in, completion."""

from datetime import timedelta

import pytest

from cohorts.forms import CohortAdminForm
from cohorts.models import AttendanceRecord, CascadeLink, CertifiedTrainer, Cohort, Participation
from cohorts.services import (
    approve,
    change_capacity,
    check_in,
    record_attendance,
    register,
    set_trainers,
    withdraw,
)
from core.errors import ApplicationError
from courses.models import Enrolment
from people.models import Role

from ..factories import make_course, make_staff
from .factories import make_cohort, registered

pytestmark = pytest.mark.django_db
S = Participation.Status


def test_register_creates_the_course_enrolment_and_is_idempotent():
    cohort = make_cohort(capacity=2)
    person = make_staff()
    first = register(cohort=cohort, person=person)
    again = register(cohort=cohort, person=person)
    assert first.pk == again.pk and first.status == S.REGISTERED
    assert Enrolment.objects.get(learner=person, course=cohort.course) == first.enrolment


def test_full_cohort_fills_the_waiting_list_in_order_and_moves_it_up():
    cohort = make_cohort(capacity=2)
    a, b, c, d = (make_staff() for _ in range(4))
    for person in (a, b, c, d):
        register(cohort=cohort, person=person)
    waiting = Participation.objects.filter(cohort=cohort, status=S.WAITING).order_by("waiting_position")
    assert [(p.person, p.waiting_position) for p in waiting] == [(c, 1), (d, 2)]
    assert not Enrolment.objects.filter(learner=c, course=cohort.course).exists()

    withdraw(participation=Participation.objects.get(cohort=cohort, person=a))
    statuses = dict(Participation.objects.filter(cohort=cohort).values_list("person", "status"))
    assert statuses[c.pk] == S.REGISTERED and statuses[d.pk] == S.WAITING
    assert Participation.objects.get(cohort=cohort, person=d).waiting_position == 1
    assert Enrolment.objects.filter(learner=c, course=cohort.course).exists()

    change_capacity(cohort=cohort, capacity=3)
    assert Participation.objects.get(cohort=cohort, person=d).status == S.REGISTERED


def test_leaving_the_waiting_list_renumbers_it():
    cohort = make_cohort(capacity=1)
    people = [make_staff() for _ in range(4)]
    for person in people:
        register(cohort=cohort, person=person)
    withdraw(participation=Participation.objects.get(cohort=cohort, person=people[1]))
    positions = dict(
        Participation.objects.filter(cohort=cohort, status=S.WAITING).values_list("person", "waiting_position")
    )
    assert positions == {people[2].pk: 1, people[3].pk: 2}


def test_approval_mode_waits_for_approval_then_takes_a_place():
    cohort = make_cohort(capacity=1, enrolment_mode="approval")
    participation = register(cohort=cohort, person=make_staff())
    assert participation.status == S.PENDING
    assert approve(participation=participation).status == S.REGISTERED
    with pytest.raises(ApplicationError):
        approve(participation=participation)


def test_assigned_cohorts_refuse_self_registration_and_ended_ones_too():
    with pytest.raises(ApplicationError):
        register(cohort=make_cohort(enrolment_mode="assigned"), person=make_staff())
    with pytest.raises(ApplicationError):
        register(cohort=make_cohort(start_in=timedelta(days=-10)), person=make_staff())


def test_capacity_cannot_drop_below_the_registered():
    cohort = make_cohort(capacity=3)
    registered(cohort, 3)
    with pytest.raises(ApplicationError):
        change_capacity(cohort=cohort, capacity=2)


# Trainers of provincial sessions ----------------------------------------------------------------


def _provincial_with_tot():
    tot = make_course(modules=0, lessons=0, tier="tot")
    provincial = make_course(modules=0, lessons=0, tier="provincial")
    CascadeLink.objects.create(provincial_course=provincial, tot_course=tot)
    return tot, make_cohort(course=provincial, province="KH-2")


def test_a_person_who_is_not_certified_cannot_train_a_provincial_session():
    tot, session = _provincial_with_tot()
    outsider = make_staff(roles=["learner", "trainer"])
    with pytest.raises(ApplicationError):
        set_trainers(cohort=session, trainers=[outsider])
    assert not session.trainers.exists()

    CertifiedTrainer.objects.create(person=outsider, course=tot)
    set_trainers(cohort=session, trainers=[outsider])
    assert list(session.trainers.all()) == [outsider]


def test_administrators_may_train_any_session():
    _tot, session = _provincial_with_tot()
    admin = make_staff(roles=[Role.ADMINISTRATOR])
    set_trainers(cohort=session, trainers=[admin])
    assert list(session.trainers.all()) == [admin]


def test_the_admin_form_refuses_an_uncertified_trainer():
    tot, session = _provincial_with_tot()
    outsider, graduate = make_staff(), make_staff()
    CertifiedTrainer.objects.create(person=graduate, course=tot)

    class Form(CohortAdminForm):
        class Meta:
            model = Cohort
            fields = ["course", "title", "country", "start_date", "end_date", "mode", "venue", "join_link"]
            fields += ["capacity", "enrolment_mode", "min_attendance_percent", "trainers"]

    data = {
        "course": session.course.pk,
        "title": "Session",
        "country": session.country.pk,
        "start_date": "2030-01-01",
        "end_date": "2030-01-02",
        "mode": "in_person",
        "venue": "Job centre",
        "capacity": 10,
        "enrolment_mode": "open",
        "min_attendance_percent": 80,
    }
    refused = Form(data={**data, "trainers": [outsider.pk, graduate.pk]})
    assert not refused.is_valid()
    assert "trainers" in refused.errors and outsider.display_name in refused.errors["trainers"][0]
    assert graduate.display_name not in refused.errors["trainers"][0]
    accepted = Form(data={**data, "trainers": [graduate.pk]})
    assert accepted.is_valid(), accepted.errors


def test_completing_a_tot_cohort_certifies_the_graduate(django_capture_on_commit_callbacks):
    tot = make_course(modules=0, lessons=0, tier="tot")
    cohort = make_cohort(
        course=tot, meetings=2, min_attendance_percent=100, enrolment_mode="assigned", start_in=timedelta(days=-10)
    )
    (participation,) = registered(cohort, 1)
    meetings = list(cohort.meetings.all())
    with django_capture_on_commit_callbacks(execute=True):
        record_attendance(meeting=meetings[0], statuses={participation.pk: "present"})
    assert not CertifiedTrainer.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        record_attendance(meeting=meetings[1], statuses={participation.pk: "late"})
    participation.enrolment.refresh_from_db()
    assert participation.enrolment.completed_at is not None
    certification = CertifiedTrainer.objects.get()
    assert (certification.person, certification.course, certification.cohort) == (participation.person, tot, cohort)


def test_attendance_share_decides_completion_and_absences_do_not_count():
    cohort = make_cohort(meetings=4, min_attendance_percent=75, start_in=timedelta(days=-10))
    (participation,) = registered(cohort, 1)
    meetings = list(cohort.meetings.all())
    for meeting, status in zip(meetings, ["present", "excused", "absent", "late"], strict=True):
        record_attendance(meeting=meeting, statuses={participation.pk: status})
    participation.enrolment.refresh_from_db()
    assert participation.enrolment.completed_at is None
    record_attendance(meeting=meetings[2], statuses={participation.pk: "present"})
    participation.enrolment.refresh_from_db()
    assert participation.enrolment.completed_at is not None


def test_attendance_is_all_or_nothing():
    cohort = make_cohort(start_in=timedelta(hours=-1))
    (participation,) = registered(cohort, 1)
    stranger = registered(make_cohort(), 1)[0]
    meeting = cohort.meetings.get()
    with pytest.raises(ApplicationError):
        record_attendance(meeting=meeting, statuses={participation.pk: "present", stranger.pk: "present"})
    with pytest.raises(ApplicationError):
        record_attendance(meeting=meeting, statuses={participation.pk: "sleeping"})
    assert not AttendanceRecord.objects.exists()


# Check-in ------------------------------------------------------------------------------------------


def test_check_in_works_only_during_the_meeting():
    cohort = make_cohort(start_in=timedelta(hours=-1))
    (participation,) = registered(cohort, 1)
    meeting = cohort.meetings.get()
    person = participation.person
    with pytest.raises(ApplicationError):
        check_in(person=person, code=meeting.checkin_code, at=meeting.starts_at - timedelta(hours=1))
    with pytest.raises(ApplicationError):
        check_in(person=person, code=meeting.checkin_code, at=meeting.ends_at + timedelta(minutes=1))
    assert not AttendanceRecord.objects.exists()
    _meeting, record = check_in(person=person, code=f" {meeting.checkin_code.lower()} ", at=meeting.starts_at)
    assert record.status == "present" and record.source == "checkin"


def test_check_in_late_and_refusals():
    cohort = make_cohort(start_in=timedelta(hours=-1))
    (participation,) = registered(cohort, 1)
    meeting = cohort.meetings.get()
    _m, record = check_in(
        person=participation.person, code=meeting.checkin_code, at=meeting.starts_at + timedelta(minutes=25)
    )
    assert record.status == "late"
    with pytest.raises(ApplicationError):  # not registered in this cohort
        check_in(person=make_staff(), code=meeting.checkin_code, at=meeting.starts_at)
    with pytest.raises(ApplicationError):  # no such code
        check_in(person=participation.person, code="ZZZZZZ", at=meeting.starts_at)


def test_raising_the_capacity_in_the_admin_form_moves_the_waiting_list_up_and_grants_the_trainer_role():
    from people.permissions import has_role

    cohort = make_cohort(capacity=1, mode="online")
    first, second, third = registered(cohort, 3)
    trainer = make_staff()

    class Form(CohortAdminForm):
        class Meta:
            model = Cohort
            fields = ["course", "title", "country", "start_date", "end_date", "mode", "venue", "join_link"]
            fields += ["capacity", "enrolment_mode", "min_attendance_percent", "trainers"]

    data = {
        "course": cohort.course.pk,
        "title": cohort.title,
        "country": cohort.country.pk,
        "start_date": cohort.start_date,
        "end_date": cohort.end_date,
        "mode": "online",
        "join_link": cohort.join_link,
        "enrolment_mode": "open",
        "min_attendance_percent": 80,
        "trainers": [trainer.pk],
    }
    assert not Form(data={**data, "capacity": 0}, instance=cohort).is_valid()
    form = Form(data={**data, "capacity": 2}, instance=cohort)
    assert form.is_valid(), form.errors
    form.save()
    statuses = dict(Participation.objects.filter(cohort=cohort).values_list("pk", "status"))
    assert statuses == {first.pk: S.REGISTERED, second.pk: S.REGISTERED, third.pk: S.WAITING}
    assert has_role(trainer, Role.TRAINER)

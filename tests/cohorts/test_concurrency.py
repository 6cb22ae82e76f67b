"""Races on PostgreSQL: many people register for the last places at once."""

import pytest

from cohorts.models import Participation
from cohorts.services import register, withdraw

from ..concurrency import run_together
from ..factories import is_postgres, make_staff
from .factories import make_cohort

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.postgres,
    pytest.mark.skipif(not is_postgres(), reason="concurrency is proven on PostgreSQL (set DATABASE_URL)"),
]
S = Participation.Status


def test_capacity_is_never_exceeded_and_the_waiting_list_is_numbered_without_gaps(db):
    cohort = make_cohort(capacity=3)
    people = [make_staff() for _ in range(10)]
    run_together([lambda person=person: register(cohort=cohort, person=person) for person in people])
    rows = list(Participation.objects.filter(cohort=cohort))
    assert sum(1 for p in rows if p.status == S.REGISTERED) == 3
    waiting = sorted(p.waiting_position for p in rows if p.status == S.WAITING)
    assert waiting == list(range(1, 8))


def test_places_freed_at_once_go_to_the_head_of_the_waiting_list_in_order(db):
    cohort = make_cohort(capacity=3)
    people = [make_staff() for _ in range(7)]
    for person in people:  # 3 registered, then 4 waiting in this order
        register(cohort=cohort, person=person)
    leaving = list(Participation.objects.filter(cohort=cohort, status=S.REGISTERED))
    late_comers = [make_staff() for _ in range(3)]
    run_together(
        [lambda p=p: withdraw(participation=p) for p in leaving]
        + [lambda person=person: register(cohort=cohort, person=person) for person in late_comers]
    )
    statuses = dict(Participation.objects.filter(cohort=cohort).values_list("person", "status"))
    registered = {pk for pk, status in statuses.items() if status == S.REGISTERED}
    assert len(registered) == 3
    assert registered == {p.pk for p in people[3:6]}, "the first three on the waiting list move up"
    waiting = Participation.objects.filter(cohort=cohort, status=S.WAITING).order_by("waiting_position")
    assert waiting[0].person == people[6]
    assert sorted(p.waiting_position for p in waiting) == list(range(1, waiting.count() + 1))


def test_a_check_in_and_all_present_at_the_same_moment_never_clash_or_overwrite(db):
    from datetime import timedelta

    from django.utils import timezone

    from cohorts.models import AttendanceRecord
    from cohorts.services import assign, check_in, mark_unmarked_present

    cohort = make_cohort(start_in=timedelta(minutes=-20), capacity=20)
    people = [make_staff() for _ in range(8)]
    assign(cohort=cohort, people=people, assigned_by=None)
    meeting = cohort.meetings.get()
    now = timezone.now()
    arriving = people[:4]
    run_together(
        [lambda person=person: check_in(person=person, code=meeting.checkin_code, at=now) for person in arriving]
        + [lambda: mark_unmarked_present(meeting=meeting), lambda: mark_unmarked_present(meeting=meeting)]
    )
    records = list(AttendanceRecord.objects.filter(meeting=meeting).select_related("participation"))
    assert len(records) == len(people) == len({r.participation_id for r in records})
    for record in records:
        if record.participation.person_id in {p.pk for p in arriving}:
            # Whoever came first is kept: the late check-in, or the trainer's "present" before it.
            assert (record.status, record.source) in {("late", "checkin"), ("present", "roster")}
        else:
            assert (record.status, record.source) == ("present", "roster")

"""Real threads on PostgreSQL: two reminder runs at once send each reminder once; two planners
assigning the same training at once make one assignment and announce it once."""

from datetime import timedelta

import pytest

from planning.models import Assignment
from planning.selectors import today
from planning.services import assign_training, send_reminders
from planning.signals import training_assigned, training_due_soon, training_overdue

from ..concurrency import run_together
from ..factories import is_postgres, make_course, make_staff
from .helpers import planner, profiles, recording

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not is_postgres(), reason="row locks need PostgreSQL"),
]


def test_two_reminder_runs_at_once_send_each_reminder_once():
    hr = planner(country="KH")
    course = make_course(modules=1, lessons=1)
    people = [make_staff(country="KH") for _ in range(6)]
    assign_training(planner=hr, profiles=profiles(*people), due_date=today() + timedelta(days=30), course=course)
    Assignment.objects.filter(learner__in=people[:3]).update(due_date=today() - timedelta(days=1))
    Assignment.objects.filter(learner__in=people[3:]).update(due_date=today() + timedelta(days=2))
    with recording(training_due_soon, training_overdue) as sent:
        run_together([send_reminders, send_reminders, send_reminders])
    assert len(sent) == 6 and len(set(sent)) == 6
    assert not Assignment.objects.filter(due_soon_sent_at__isnull=True, learner__in=people[3:]).exists()
    assert not Assignment.objects.filter(overdue_sent_at__isnull=True, learner__in=people[:3]).exists()


def test_two_planners_assigning_the_same_training_at_once_make_one_assignment():
    first, second = planner(country="KH"), planner(province="KH-2")
    course = make_course(modules=1, lessons=1)
    person = make_staff(country="KH", province="KH-2")
    due = today() + timedelta(days=10)

    def by(hr):
        return lambda: assign_training(planner=hr, profiles=profiles(person), due_date=due, course=course)

    with recording(training_assigned) as sent:
        results = run_together([by(first), by(second)])
    assert Assignment.objects.filter(learner=person, course=course).count() == 1
    assert sorted(len(result.created) for result in results) == [0, 1]
    assert len(sent) == 1

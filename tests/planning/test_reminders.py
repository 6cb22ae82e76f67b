"""`send_training_reminders`: due soon and overdue announced once each, never for done training."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from planning.models import Assignment
from planning.selectors import today
from planning.services import assign_training
from planning.signals import training_due_soon, training_overdue

from ..competencies.helpers import complete
from ..factories import make_course, make_staff
from .helpers import planner, profiles, recording

pytestmark = pytest.mark.django_db


def _assigned(course, due_in, people):
    hr = planner(country="KH")
    assign_training(planner=hr, profiles=profiles(*people), due_date=today() + timedelta(days=30), course=course)
    Assignment.objects.filter(learner__in=people, course=course).update(due_date=today() + timedelta(days=due_in))
    return list(Assignment.objects.filter(learner__in=people, course=course))


def test_running_twice_sends_each_reminder_once(django_capture_on_commit_callbacks):
    course = make_course(modules=1, lessons=1)
    soon = _assigned(course, 3, [make_staff(country="KH")])
    late = _assigned(course, -2, [make_staff(country="KH"), make_staff(country="KH")])
    later = _assigned(course, 20, [make_staff(country="KH")])
    done_learner = make_staff(country="KH")
    _assigned(course, -4, [done_learner])
    complete(done_learner, course)
    with recording(training_due_soon, training_overdue) as sent, django_capture_on_commit_callbacks(execute=True):
        call_command("send_training_reminders", stdout=open("/dev/null", "w"))
        call_command("send_training_reminders", stdout=open("/dev/null", "w"))
    assert sorted(sent, key=lambda item: item[1]) == sorted(
        [(training_due_soon, a.pk) for a in soon] + [(training_overdue, a.pk) for a in late], key=lambda item: item[1]
    )
    flags = dict(Assignment.objects.values_list("pk", "overdue_sent_at"))
    assert all(flags[a.pk] for a in late) and not flags[later[0].pk]


def test_a_due_soon_reminder_is_followed_by_one_overdue_reminder(django_capture_on_commit_callbacks):
    course = make_course(modules=1, lessons=1)
    (assignment,) = _assigned(course, 1, [make_staff(country="KH")])
    from planning.services import send_reminders

    with recording(training_due_soon, training_overdue) as sent, django_capture_on_commit_callbacks(execute=True):
        send_reminders()
        send_reminders(on=today() + timedelta(days=2))
        send_reminders(on=today() + timedelta(days=3))
    assert sent == [(training_due_soon, assignment.pk), (training_overdue, assignment.pk)]

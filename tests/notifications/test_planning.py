"""Training assigned, due soon and overdue (the planning app, built beside this one): told once each."""

from datetime import date

import pytest

planning = pytest.importorskip("planning")

pytestmark = pytest.mark.django_db


def test_training_signals_tell_the_learner_once_in_their_language(django_capture_on_commit_callbacks, mailoutbox):
    from types import SimpleNamespace

    from notifications.models import Kind, Notification
    from planning import signals
    from tests.factories import make_course, make_staff

    learner = make_staff(preferred_language="km", email="kh@example.org")
    course = make_course(modules=1, lessons=1)
    assignment = SimpleNamespace(pk=4242, learner=learner, due_date=date(2027, 1, 31), course=course, cohort=None)
    with django_capture_on_commit_callbacks(execute=True):
        for signal in (signals.training_assigned, signals.training_due_soon, signals.training_overdue):
            signal.send(sender=object, assignment=assignment)
            signal.send(sender=object, assignment=assignment)  # a second run of planning's task
    notes = Notification.objects.filter(recipient=learner)
    assert sorted(n.kind for n in notes) == sorted(
        [Kind.TRAINING_ASSIGNED, Kind.TRAINING_DUE_SOON, Kind.TRAINING_OVERDUE]
    )
    assert all(course.title_km in n.title and n.language == "km" for n in notes)
    assert len(mailoutbox) == 3

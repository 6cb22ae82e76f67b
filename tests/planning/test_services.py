"""Assigning training: idempotent, within the planner's scope, enrolling or placing the learner."""

from datetime import timedelta

import pytest

from cohorts.models import Participation
from core.errors import Forbidden, InvalidInput
from courses.models import Enrolment
from planning.models import Assignment
from planning.selectors import today
from planning.services import assign_training
from planning.signals import training_assigned

from ..cohorts.factories import make_cohort
from ..factories import make_course, make_staff
from .helpers import planner, profiles, recording

pytestmark = pytest.mark.django_db


def test_assigning_a_course_enrols_once_and_announces_once(django_capture_on_commit_callbacks):
    hr = planner(country="KH")
    course = make_course(modules=1, lessons=1)
    people = [make_staff(country="KH") for _ in range(3)]
    due = today() + timedelta(days=20)
    with recording(training_assigned) as sent, django_capture_on_commit_callbacks(execute=True):
        first = assign_training(planner=hr, profiles=profiles(*people), due_date=due, course=course)
        again = assign_training(planner=hr, profiles=profiles(*people), due_date=due, course=course)
    assert len(first.created) == 3 and first.existing == 0
    assert again.created == [] and again.existing == 3
    assert Assignment.objects.filter(course=course).count() == 3
    assert Enrolment.objects.filter(course=course, learner__in=people).count() == 3
    assert sorted(pk for _signal, pk in sent) == sorted(a.pk for a in first.created)


def test_people_outside_the_scope_are_never_assigned():
    hr = planner(province="KH-2")
    course = make_course(modules=1, lessons=1)
    inside = make_staff(country="KH", province="KH-2")
    outside = [make_staff(country="KH", province="KH-12"), make_staff(country="LA")]
    result = assign_training(
        planner=hr, profiles=profiles(inside, *outside), due_date=today() + timedelta(days=5), course=course
    )
    assert [a.learner for a in result.created] == [inside]
    assert result.refused == 2
    assert not Assignment.objects.filter(learner__in=outside).exists()
    assert not Enrolment.objects.filter(learner__in=outside).exists()


def test_a_planner_role_without_a_place_assigns_no_one():
    hr = planner()
    with pytest.raises(Forbidden):
        assign_training(
            planner=hr,
            profiles=profiles(make_staff(country="KH")),
            due_date=today() + timedelta(days=5),
            course=make_course(modules=1, lessons=1),
        )
    assert not Assignment.objects.exists()


def test_assigning_a_cohort_places_the_learner_in_it():
    hr = planner(country="KH")
    cohort = make_cohort(capacity=1, country="KH")
    first, second, lao = make_staff(country="KH"), make_staff(country="KH"), make_staff(country="LA")
    result = assign_training(
        planner=hr, profiles=profiles(first, second, lao), due_date=today() + timedelta(days=30), cohort=cohort
    )
    assert len(result.created) == 2 and result.refused == 1  # a Lao officer is outside a Cambodian planner's scope
    statuses = dict(Participation.objects.filter(cohort=cohort).values_list("person_id", "status"))
    assert sorted(statuses.values()) == ["registered", "waiting"]
    assert Assignment.objects.filter(cohort=cohort, course__isnull=True).count() == 2


def test_a_live_course_is_assigned_through_a_cohort_and_past_dates_are_refused():
    hr = planner(country="KH")
    person = make_staff(country="KH")
    live = make_course(modules=0, lessons=0, tier="webinar")
    with pytest.raises(InvalidInput):
        assign_training(planner=hr, profiles=profiles(person), due_date=today() + timedelta(days=3), course=live)
    with pytest.raises(InvalidInput):
        assign_training(
            planner=hr,
            profiles=profiles(person),
            due_date=today() - timedelta(days=1),
            course=make_course(modules=1, lessons=1),
        )
    assert not Assignment.objects.exists()

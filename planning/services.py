"""Writes for training plans: assigning training, the reminders, resetting a calendar feed.

Assigning is idempotent: one assignment per learner and course (or cohort), enforced by unique
constraints, so a second click, a second tab or a second planner adds nothing and sends nothing.
People outside the planner's scope are dropped here, whatever the view passed in (the policy
`planning.assign_to` decides), so a forged request cannot reach them.

What an assignment does besides recording the due date (decided for issue 16):
- a self-paced course: the learner is enrolled at once (courses.services), so the course is on
  My learning with its progress from the first day;
- a cohort: the learner is placed in it through cohorts.services.assign, exactly as HR's "assign
  staff" on the cohort does (registered while there is room, then on the waiting list);
  only staff of the cohort's country can be placed.
A live course (ToT, provincial, webinar) is assigned through one of its cohorts, never directly.

Signals (planning.signals) are sent after the commit, once per event.
"""

import uuid
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts import services as cohort_services
from core.errors import Conflict, Forbidden, InvalidInput
from core.permissions import visible_to
from courses.services import get_or_create_enrolment

from . import selectors
from .models import Assignment, CalendarFeed
from .signals import training_assigned, training_due_soon, training_overdue


@dataclass
class AssignResult:
    created: list = field(default_factory=list)
    existing: int = 0
    refused: int = 0  # people passed in whom the planner may not assign (outside their scope, or country)


def check_target(*, planner, course=None, cohort=None, due_date=None):
    """Refuse what cannot be assigned (core errors); nothing is written."""
    if not planner.has_perm("planning.assign_training"):
        raise Forbidden()
    if (course is None) == (cohort is None):
        raise InvalidInput(_("Choose either a course or a cohort."))
    if course is not None and (not course.live or not course.is_self_paced):
        raise InvalidInput(_("This course is taught in groups: assign one of its cohorts."))
    if cohort is not None:
        if not planner.has_perm("cohorts.assign", cohort):
            raise Forbidden()
        if cohort.is_over:
            raise Conflict(_("This cohort has ended."))
    if due_date is not None and due_date < selectors.today():
        raise InvalidInput(_("The due date has passed. Choose a later date."))


def assignable(planner, profiles, *, cohort=None):
    """The staff profiles of `profiles` the planner may assign (to `cohort`): their scope only."""
    profiles = visible_to(planner, "planning.assign_to", profiles)
    if cohort is not None:
        profiles = profiles.filter(country_id=cohort.country_id)
    return profiles


def assign_training(*, planner, profiles, due_date, course=None, cohort=None):
    """Assign a course or a cohort to staff (a StaffProfile queryset) with a due date."""
    check_target(planner=planner, course=course, cohort=cohort, due_date=due_date)
    asked = profiles.count()
    allowed = list(assignable(planner, profiles, cohort=cohort).select_related("user"))
    result = AssignResult(refused=asked - len(allowed))
    learners = [profile.user for profile in allowed]
    with transaction.atomic():
        for learner in learners:
            try:
                with transaction.atomic():
                    assignment, created = Assignment.objects.get_or_create(
                        learner=learner,
                        course=course,
                        cohort=cohort,
                        defaults={"due_date": due_date, "assigned_by": planner},
                    )
            except IntegrityError:  # the same assignment made at the same moment by another request
                created = False
            if created:
                result.created.append(assignment)
            else:
                result.existing += 1
        if course is not None:
            for learner in learners:
                get_or_create_enrolment(learner=learner, course=course)
        elif learners:
            cohort_services.assign(cohort=cohort, people=learners, assigned_by=planner)
        for assignment in result.created:
            transaction.on_commit(_sender(training_assigned, assignment))
    return result


def _sender(signal, assignment):
    return lambda: signal.send(sender=Assignment, assignment=assignment)


# Reminders (manage.py send_training_reminders, hourly) -------------------------------------------


def _claim(queryset, flag, signal, now):
    """Lock the rows not yet reminded, set their flag and send once after the commit."""
    with transaction.atomic():
        rows = list(
            queryset.filter(**{f"{flag}__isnull": True})
            .select_related("learner", "course", "cohort")
            .select_for_update(of=("self",), skip_locked=True)
        )
        Assignment.objects.filter(pk__in=[row.pk for row in rows]).update(**{flag: now})
        for row in rows:
            setattr(row, flag, now)
            transaction.on_commit(_sender(signal, row))
    return len(rows)


def send_reminders(*, on=None):
    """Announce assignments due soon and overdue, each once; returns (due soon, overdue) counts.

    Safe to run twice or in two processes at once: each row is claimed under a row lock and its
    flag is set in the same transaction, so a second run finds nothing left to send.
    """
    on = on or selectors.today()
    now = timezone.now()
    pending = selectors.with_state(Assignment.objects.all(), on=on)
    due_soon = _claim(pending.filter(due_soon=True), "due_soon_sent_at", training_due_soon, now)
    overdue = _claim(pending.filter(overdue=True), "overdue_sent_at", training_overdue, now)
    return due_soon, overdue


# Calendar feed --------------------------------------------------------------------------------------


def feed_of(*, user):
    """The user's calendar feed, made on first use."""
    try:
        with transaction.atomic():
            feed, _created = CalendarFeed.objects.get_or_create(user=user)
    except IntegrityError:
        feed = CalendarFeed.objects.get(user=user)
    return feed


def reset_feed(*, user):
    """Draw a new secret address: the old one stops working at once."""
    with transaction.atomic():
        feed = feed_of(user=user)
        feed = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
        feed.public_id = uuid.uuid4()
        feed.save(update_fields=["public_id", "reset_at"])
    return feed

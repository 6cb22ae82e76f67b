"""Demo training plans: assignments for the demo learners and staff (some due soon, some overdue)
and a quiz close date, so that the calendar, My learning and the HR report have something to show.

Called from the demo_data_loaded signal; safe to run again (assignments are unique per person and
training, and the dates are set to the same offsets from today).
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from assessments.models import Quiz
from cohorts.models import Cohort
from core.cache import bump_person
from people.models import StaffProfile

from . import selectors
from .models import Assignment
from .services import assign_training

# (planner, training, people, due in days from today); a negative offset makes it overdue.
PLANS = [
    ("hr.national.kh", ("course", 1), ["learner.kh"], 10),
    ("hr.national.kh", ("cohort", "Counselling session, Battambang (next)"), ["learner.kh"], 25),
    ("hr.national.kh", ("course", 1), ["staff.kh.02", "staff.kh.03"], -5),
    ("hr.national.kh", ("course", 1), ["staff.kh.05", "staff.kh.06"], 3),
    ("hr.national.kh", ("course", 2), ["staff.kh.08", "staff.kh.11"], 30),
    ("admin", ("course", 2), ["learner.lo"], 14),
    ("hr.province.lo", ("course", 0), ["staff.lo.06"], 5),
    ("admin", ("course", 1), ["staff.lo.02", "staff.lo.10"], -3),
]


def load_demo_planning(*, users, courses, stdout=None):
    today = selectors.today()
    for planner, (kind, which), names, days in PLANS:
        target = {"course": courses[which % len(courses)]} if kind == "course" else None
        if kind == "cohort":
            cohort = Cohort.objects.filter(title_en=which).first()
            if cohort is None or cohort.is_over:
                continue
            target = {"cohort": cohort}
        profiles = StaffProfile.objects.filter(user__username__in=[n for n in names if n in users])
        due = today + timedelta(days=max(days, 0))
        assign_training(planner=users[planner], profiles=profiles, due_date=due, **target)
        # Overdue examples: the due date is moved into the past (the service refuses past dates).
        Assignment.objects.filter(learner__staff_profile__in=profiles, **target).update(
            due_date=today + timedelta(days=days)
        )
        for profile in profiles:  # QuerySet.update sends no signal
            bump_person(profile.user_id)
    _quiz_close_date(users.get("learner.kh"), courses)
    if stdout is not None:
        stdout.write("Planning: mandatory training assigned (due soon, overdue), a quiz close date.")


def _quiz_close_date(learner, courses):
    """A close date, twelve days ahead at 17:00 Cambodia time, on a quiz of learner.kh's course."""
    if learner is None or not courses:
        return
    quiz = Quiz.objects.filter(course=courses[0], role="", live=True).order_by("pk").first()
    if quiz is None:
        return
    zone = timezone.get_default_timezone()
    closes = datetime.combine(selectors.today() + timedelta(days=12), time(17, 0), tzinfo=zone)
    Quiz.objects.filter(pk=quiz.pk).update(closes_at=closes)

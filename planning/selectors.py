"""Reads for training plans: an assignment's state, a learner's assignments, the HR figures.

An assignment is done when the learner's enrolment in its course (a cohort's course for a cohort)
is complete; otherwise it is overdue once its due date has passed, due soon when the due date is
within DUE_SOON_DAYS, else open. "Today" is the site's date (Asia/Phnom_Penh; Laos shares its
UTC+7 offset), so the report, the reminders and the learner's page agree.

Query budget: `learner_assignments` is one query; `training_figures` is two queries (the groups'
counts by sex and state, the groups' names) whatever the number of staff.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from competencies.selectors import SEXES, staff_for
from courses.models import Enrolment
from people.models import Disability, Office, Province

from .models import Assignment

DUE_SOON_DAYS = 7
STATES = ("assigned", "done", "open", "due_soon", "overdue")


def today():
    return timezone.localdate()


def with_state(queryset, *, on=None):
    """Annotate `done` (the course completed), `overdue` and `due_soon` (both only when not done)."""
    on = on or today()
    completed = Enrolment.objects.filter(
        learner_id=OuterRef("learner_id"), course_id=OuterRef("target_course_id"), completed_at__isnull=False
    )
    return (
        queryset.annotate(target_course_id=Coalesce("course_id", "cohort__course_id"))
        .annotate(done=Exists(completed))
        .annotate(
            overdue=ExpressionWrapper(Q(done=False, due_date__lt=on), output_field=BooleanField()),
            due_soon=ExpressionWrapper(
                Q(done=False, due_date__gte=on, due_date__lte=on + timedelta(days=DUE_SOON_DAYS)),
                output_field=BooleanField(),
            ),
        )
    )


def state_of(assignment):
    """ "done", "overdue", "due_soon" or "open" for an assignment read through `with_state`."""
    if assignment.done:
        return "done"
    if assignment.overdue:
        return "overdue"
    return "due_soon" if assignment.due_soon else "open"


def learner_assignments(user):
    """A learner's assignments with their course or cohort and state, soonest due first (1 query)."""
    if not getattr(user, "is_authenticated", False):
        return []
    rows = with_state(Assignment.objects.filter(learner=user)).select_related("course", "cohort", "cohort__course")
    return list(rows.order_by("done", "due_date", "pk"))


def assignments_for(scope, filters):
    """Assignments of the staff behind the HR figures: the planner's scope, then the filters."""
    staff = staff_for(scope, filters)
    return with_state(Assignment.objects.filter(learner__staff_profile__in=staff))


@dataclass
class Group:
    """One row of the report: a province, an office, or everyone; counts per state and sex."""

    key: object
    name: str
    counts: dict  # state -> {"female": n, "male": n, "total": n}

    def share_done(self, sex="total"):
        assigned = self.counts["assigned"][sex]
        return self.counts["done"][sex] / assigned if assigned else None


def _empty():
    return {state: dict.fromkeys((*SEXES, "total"), 0) for state in STATES}


def training_figures(scope, filters, *, by="province"):
    """(total, groups, disability) for the report, groups by "province" or "office" (2 queries).

    `disability` holds the counts of staff with a disability (a row of the summary), as the HR
    dashboard disaggregates.
    """
    field = {"office": "learner__staff_profile__office_id"}.get(by, "learner__staff_profile__province_id")
    sex_field = "learner__staff_profile__sex"
    has_disability = ~Q(learner__staff_profile__disability__in=["", Disability.NONE])
    conditions = {
        "assigned": Q(),
        "done": Q(done=True),
        "open": Q(done=False, overdue=False, due_soon=False),
        "due_soon": Q(due_soon=True),
        "overdue": Q(overdue=True),
    }
    aggregates = {}
    for state, condition in conditions.items():
        aggregates[f"n_{state}"] = Count("id", filter=condition) if condition else Count("id")
        aggregates[f"disabled_{state}"] = Count("id", filter=condition & has_disability)
    rows = assignments_for(scope, filters).values(field, sex_field).annotate(**aggregates).order_by()
    total, disability = _empty(), _empty()
    groups = defaultdict(_empty)
    for row in rows:
        sex = row[sex_field] if row[sex_field] in SEXES else None
        for state in STATES:
            for counts in (total[state], groups[row[field]][state]):
                counts["total"] += row[f"n_{state}"]
                if sex:
                    counts[sex] += row[f"n_{state}"]
            disability[state]["total"] += row[f"disabled_{state}"]
            if sex:
                disability[state][sex] += row[f"disabled_{state}"]
    model = Office if by == "office" else Province
    names = {obj.pk: obj.name for obj in model.objects.filter(pk__in=[k for k in groups if k is not None])}
    listed = [Group(key, names.get(key, ""), counts) for key, counts in groups.items()]
    listed.sort(key=lambda group: (group.name == "", group.name))
    return Group(None, "", total), listed, Group(None, "", disability)


def overdue_people(scope, filters):
    """The overdue assignments behind the figures, for the list and its export."""
    return (
        assignments_for(scope, filters)
        .filter(overdue=True)
        .select_related(
            "learner__staff_profile__province", "learner__staff_profile__office", "course", "cohort", "cohort__course"
        )
        .order_by("due_date", "learner__staff_profile__province__name", "learner__last_name", "pk")
    )

"""What the HR pages read from cohorts (live training): upcoming cohorts, their seats, who registered.

Competencies reads cohorts, never the other way round. A cohort is chosen by where it is held (the
planner's scope, then the country and province filters) and when (it overlaps the period and has
not ended); the people filters (office, position, sex, disability) narrow whose registrations are
counted, as they narrow every other figure. Places taken, waiting list and fill rate are the
cohort's own: they count everyone in it.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from cohorts.models import Cohort, Participation
from cohorts.selectors import with_counts

SEXES = ("female", "male")
# Cohorts a person can still join by themself (with or without approval); HR-assigned ones are not listed.
SELF_REGISTRATION = (Cohort.EnrolmentMode.OPEN, Cohort.EnrolmentMode.APPROVAL)


def upcoming_cohorts(scope, filters):
    """Cohorts that have not ended, held in the planner's scope and the filters' place and period."""
    cohorts = scope.filter(Cohort.objects.upcoming())
    if filters.country is not None:
        cohorts = cohorts.filter(country=filters.country)
    if filters.province is not None:
        cohorts = cohorts.filter(province=filters.province)
    if filters.date_from:
        cohorts = cohorts.filter(end_date__gte=filters.date_from)
    if filters.date_to:
        cohorts = cohorts.filter(start_date__lte=filters.date_to)
    return cohorts


def registrations(cohorts, staff=None):
    """Registered (not waiting, not pending) places in these cohorts, of these staff if given."""
    places = Participation.objects.filter(cohort__in=cohorts, status=Participation.Status.REGISTERED)
    return places if staff is None else places.filter(person__staff_profile__in=staff)


@dataclass
class CohortFigures:
    cohort: Cohort | None  # None for the total line
    capacity: int = 0
    taken: int = 0
    waiting: int = 0
    registered: dict = field(default_factory=lambda: dict.fromkeys((*SEXES, "total"), 0))

    @property
    def fill_rate(self):
        """Places taken as a percentage of places, one decimal; None for a cohort without places."""
        return round(100 * self.taken / self.capacity, 1) if self.capacity else None


def cohort_figures(cohorts, staff):
    """One CohortFigures per cohort, then the total line: two queries whatever the number of people."""
    listed = list(
        with_counts(cohorts.select_related("country", "province").order_by()).order_by("start_date", "title", "pk")
    )
    by_cohort = defaultdict(dict)
    if listed:
        rows = (
            registrations([c.pk for c in listed], staff)
            .values("cohort_id", "person__staff_profile__sex")
            .annotate(n=Count("id"))
        )
        for row in rows:
            by_cohort[row["cohort_id"]][row["person__staff_profile__sex"]] = row["n"]
    figures = []
    total = CohortFigures(cohort=None)
    for cohort in listed:
        item = CohortFigures(
            cohort=cohort, capacity=cohort.capacity, taken=cohort.registered_count, waiting=cohort.waiting_count
        )
        for sex in SEXES:
            item.registered[sex] = by_cohort[cohort.pk].get(sex, 0)
        item.registered["total"] = sum(item.registered[sex] for sex in SEXES)
        figures.append(item)
        total.capacity += item.capacity
        total.taken += item.taken
        total.waiting += item.waiting
        for key in item.registered:
            total.registered[key] += item.registered[key]
    return figures, total


def cohorts_to_join(course_ids, *, country_id):
    """Cohorts of these courses that have not started yet and take registrations, in one country.

    One query; returns {course_id: [cohort, ...]} in date order, each with registered_count.
    """
    if not course_ids:
        return {}
    cohorts = with_counts(
        Cohort.objects.filter(
            course_id__in=course_ids,
            country_id=country_id,
            start_date__gte=timezone.localdate(),
            enrolment_mode__in=SELF_REGISTRATION,
        ).select_related("province", "country")
    ).order_by("start_date", "pk")
    by_course = defaultdict(list)
    for cohort in cohorts:
        by_course[cohort.course_id].append(cohort)
    return dict(by_course)

"""Cohorts of any size for the tests."""

import itertools
from datetime import timedelta

from django.utils import timezone

from cohorts.models import Cohort, Meeting
from cohorts.services import assign
from people.models import Country, Province

from ..factories import make_course, make_staff

_counter = itertools.count(1)


def make_cohort(
    *,
    course=None,
    tier="webinar",
    capacity=10,
    enrolment_mode="open",
    country="KH",
    province=None,
    trainers=(),
    meetings=1,
    start_in=timedelta(days=7),
    meeting_length=timedelta(hours=2),
    **fields,
):
    """A cohort with `meetings` daily meetings starting `start_in` from now."""
    number = next(_counter)
    course = course or make_course(modules=0, lessons=0, tier=tier)
    country_obj = Country.objects.get(code=country)
    first = timezone.now() + start_in
    defaults = {
        "mode": Cohort.Mode.BOTH,
        "venue": "Job centre",
        "join_link": "https://meet.example.org/secret-room",
        "languages": ["km", "en"],
    }
    defaults.update(fields)
    for name in ("venue", "materials"):  # English is the source; set it whatever language is active
        if name in defaults:
            defaults[f"{name}_en"] = defaults.pop(name)
    cohort = Cohort.objects.create(
        course=course,
        title=f"Cohort {number}",
        title_en=f"Cohort {number}",
        title_km=f"ក្រុម {number}",
        title_lo=f"ກຸ່ມ {number}",
        country=country_obj,
        province=Province.objects.get(code=province) if province else None,
        start_date=timezone.localdate(first),
        end_date=timezone.localdate(first + timedelta(days=max(meetings - 1, 0))),
        capacity=capacity,
        enrolment_mode=enrolment_mode,
        **defaults,
    )
    cohort.trainers.set(trainers)
    for day in range(meetings):
        start = first + timedelta(days=day)
        Meeting.objects.create(cohort=cohort, starts_at=start, ends_at=start + meeting_length)
    return cohort


def registered(cohort, count, **staff_fields):
    """`count` new staff placed in the cohort; returns their participations."""
    people = [make_staff(**staff_fields) for _ in range(count)]
    return assign(cohort=cohort, people=people, assigned_by=None)

"""The "attendance" requirement of a course's completion rule, for people who joined it in a cohort.

A participant meets it by attending at least the cohort's minimum share of its meetings, and
never before the cohort's last meeting has ended: a live course is not complete while a session
is still ahead, whatever attendance was recorded.
"""

import math
from collections import defaultdict

from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from core import cache as shared
from courses.completion import HOOK_NAME, LIVE, Requirement, Step

# The ids of the courses that have cohorts, in the shared cache under a version that a saved or
# deleted cohort bumps: the rule asks no query for an enrolment in a course taught without
# cohorts (every self-paced course page, lesson page and My learning).
COHORT_COURSES = "cohorts:courses"
# Bumped when a meeting is added, moved or removed: the attendance requirement counts meetings.
MEETINGS = "cohorts:meetings"


def courses_with_cohorts():
    from .models import Cohort

    def build():
        return frozenset(Cohort.objects.order_by().values_list("course_id", flat=True).distinct())

    return shared.get_many_or_build(None, COHORT_COURSES, {"ids": (("course-ids",), build)})["ids"]


def _cohorts_changed(**kwargs):
    shared.bump_now_and_after_commit(COHORT_COURSES)


def meetings_changed(**kwargs):
    """Meetings were added, moved or removed (also called after a bulk change of their times)."""
    shared.bump_now_and_after_commit(MEETINGS)


def connect():
    from .models import AttendanceRecord, Cohort, Meeting, Participation

    post_save.connect(_cohorts_changed, sender=Cohort, dispatch_uid="cohorts_courses_saved")
    post_delete.connect(_cohorts_changed, sender=Cohort, dispatch_uid="cohorts_courses_deleted")
    post_save.connect(meetings_changed, sender=Meeting, dispatch_uid="cohorts_meetings_saved")
    post_delete.connect(meetings_changed, sender=Meeting, dispatch_uid="cohorts_meetings_deleted")
    # What a participant has done (My learning is cached per person: core.cache.person_cached).
    shared.track_person_rows(Participation, lambda participation: participation.person_id)
    # Records are deleted only with their participation (which bumps) or meeting (bumps MEETINGS).
    shared.track_person_rows(AttendanceRecord, lambda record: record.participation.person_id, deletes=False)


@hooks.register("register_cache_namespaces")
def cohort_cache_namespaces():
    return [COHORT_COURSES, MEETINGS]


def required_meetings(total, percent):
    return math.ceil(total * percent / 100)


@hooks.register(HOOK_NAME)
def attendance_met(enrolments):
    """{enrolment id: Requirement} for enrolments in live courses taken in a cohort: three queries, none for
    enrolments in courses without cohorts.

    Of several cohorts of the same course, the person's best one counts.
    """
    from .models import AttendanceRecord, Meeting, Participation

    # A participation's enrolment is in its cohort's course: none for courses without cohorts.
    with_cohorts = courses_with_cohorts()
    if not any(e.course_id in with_cohorts for e in enrolments):
        return {}
    # Self-paced enrolments have no registered participation: one query answers for all of them,
    # without loading each enrolment's course page to read its tier.
    participations = list(
        Participation.objects.filter(
            enrolment_id__in=[e.pk for e in enrolments], status=Participation.Status.REGISTERED
        ).select_related("cohort")
    )
    if not participations:
        return {}
    cohort_ids = {p.cohort_id for p in participations}
    meetings = {
        row["cohort_id"]: row
        for row in Meeting.objects.filter(cohort_id__in=cohort_ids)
        .order_by()
        .values("cohort_id")
        .annotate(n=Count("pk"), last_end=Max("ends_at"))
    }
    attended = dict(
        AttendanceRecord.objects.filter(
            participation_id__in=[p.pk for p in participations], status__in=AttendanceRecord.ATTENDED
        )
        .order_by()
        .values("participation_id")
        .annotate(n=Count("pk"))
        .values_list("participation_id", "n")
    )
    now = timezone.now()
    by_enrolment = defaultdict(list)
    for participation in participations:
        by_enrolment[participation.enrolment_id].append(participation)
    result = {}
    for enrolment_id, mine in by_enrolment.items():
        best = None
        for participation in mine:
            row = meetings.get(participation.cohort_id) or {"n": 0, "last_end": None}
            needed = max(1, required_meetings(row["n"], participation.cohort.min_attendance_percent))
            done = min(attended.get(participation.pk, 0), needed)
            still_ahead = row["last_end"] is None or row["last_end"] > now
            if still_ahead:
                shared.changes_at(row["last_end"])  # a cached page showing it is built again then
            url = reverse("cohorts:detail", args=[participation.cohort.public_id])
            candidate = Requirement(
                key="attendance",
                label=_("Attend the sessions"),
                done=done,
                total=needed,
                pending=_("The last meeting has not ended yet.") if still_ahead else "",
                steps=(
                    Step(label=str(participation.cohort), url=url, done=done >= needed, place=LIVE, kind="attendance"),
                ),
            )
            if best is None or (candidate.met, candidate.percent) > (best.met, best.percent):
                best = candidate
        result[enrolment_id] = best
    return result

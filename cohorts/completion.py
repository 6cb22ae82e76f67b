"""The "attendance" requirement of a course's completion rule, for people who joined it in a cohort.

A live course cannot complete before its cohort's last meeting has ended: while a meeting is still
ahead, the requirement is not met whatever was recorded (a certificate is never issued for training
that has not happened). `tasks.complete_ended_cohorts` applies the rule again once the last meeting
has ended, for people whose attendance was all recorded before that.
"""

import math

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.completion import Requirement, register_requirement
from courses.models import Tier


def required_meetings(total, percent):
    return math.ceil(total * percent / 100)


@register_requirement("attendance")
def attendance_met(enrolment):
    """Attend at least the cohort's minimum share of its meetings (the best of the person's cohorts)."""
    from .models import AttendanceRecord, Meeting, Participation

    if enrolment.course.tier == Tier.SELF_PACED:
        return None
    participations = list(
        Participation.objects.filter(
            person_id=enrolment.learner_id,
            cohort__course_id=enrolment.course_id,
            status=Participation.Status.REGISTERED,
        ).select_related("cohort")
    )
    if not participations:
        return None
    now = timezone.now()
    meetings = {
        row["cohort_id"]: row
        for row in Meeting.objects.filter(cohort_id__in=[p.cohort_id for p in participations])
        .order_by()
        .values("cohort_id")
        .annotate(total=Count("pk"), last_end=Max("ends_at"))
    }
    attended = dict(
        AttendanceRecord.objects.filter(participation__in=participations, status__in=AttendanceRecord.ATTENDED)
        .order_by()
        .values("participation_id")
        .annotate(n=Count("pk"))
        .values_list("participation_id", "n")
    )
    best = None
    for participation in participations:
        info = meetings.get(participation.cohort_id, {"total": 0, "last_end": None})
        needed = max(1, required_meetings(info["total"], participation.cohort.min_attendance_percent))
        done = min(attended.get(participation.pk, 0), needed)
        if info["last_end"] is None or info["last_end"] > now:
            # Not met while a meeting is still ahead (or none is scheduled yet).
            done = min(done, needed - 1)
            label = _("Attend the sessions (complete once the last meeting has ended)")
        else:
            label = _("Attend the sessions")
        candidate = Requirement(key="attendance", label=label, done=done, total=needed)
        if best is None or (candidate.met, candidate.percent) > (best.met, best.percent):
            best = candidate
    return best

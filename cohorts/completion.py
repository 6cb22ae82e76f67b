"""The "attendance" requirement of a course's completion rule, for people who joined it in a cohort."""

import math

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
    best = None
    for participation in participations:
        total = Meeting.objects.filter(cohort_id=participation.cohort_id).count()
        needed = max(1, required_meetings(total, participation.cohort.min_attendance_percent))
        done = AttendanceRecord.objects.filter(
            participation=participation, status__in=AttendanceRecord.ATTENDED
        ).count()
        candidate = Requirement(key="attendance", label=_("Attend the sessions"), done=min(done, needed), total=needed)
        if best is None or (candidate.met, candidate.percent) > (best.met, best.percent):
            best = candidate
    return best

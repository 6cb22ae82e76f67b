"""The demo: a finished ToT whose graduates ran sessions in several provinces, and two webinars."""

import pytest
from django.core.management import call_command

from cohorts.models import AttendanceRecord, CertifiedTrainer, Cohort, Meeting, Participation
from cohorts.selectors import cascade_report
from people.models import User

pytestmark = pytest.mark.django_db


def _counts():
    return tuple(m.objects.count() for m in (Cohort, Meeting, Participation, AttendanceRecord, CertifiedTrainer))


def test_demo_data_feeds_the_cascade_report_and_loads_twice_unchanged(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_initial_data", stdout=open("/dev/null", "w"))
    first = _counts()
    codes = set(Meeting.objects.values_list("checkin_code", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_initial_data", stdout=open("/dev/null", "w"))
    assert _counts() == first
    assert set(Meeting.objects.values_list("checkin_code", flat=True)) == codes

    (row,) = cascade_report(User.objects.get(username="admin"))
    assert row.cohort.is_over
    graduates = {g.certification.person.username: g for g in row.graduates}
    assert {"trainer.kh", "trainer.lo"} <= set(graduates)
    assert graduates["trainer.kh"].sessions and graduates["trainer.lo"].sessions
    assert len(row.by_province) >= 2 and row.reached > 0

    from courses.models import CoursePage

    # Each live course is labelled with the hours its meetings really last (a 1-hour webinar is not "8.0").
    durations = {c.tier: float(c.duration_hours) for c in CoursePage.objects.filter(cohorts__isnull=False).distinct()}
    assert durations == {"tot": 21.0, "provincial": 8.0, "webinar": 1.0}
    for cohort in Cohort.objects.filter(kind="webinar"):
        hours = sum((m.ends_at - m.starts_at).total_seconds() / 3600 for m in cohort.meetings.all())
        assert hours == durations["webinar"]

    webinars = Cohort.objects.filter(kind="webinar")
    assert any(w.is_over and w.recording_link for w in webinars)
    assert any(not w.is_over for w in webinars)

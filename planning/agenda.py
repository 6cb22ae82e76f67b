"""A person's calendar: what is coming up for them, read in a fixed number of queries.

Entries come from four places: meetings of the cohorts they take part in (registered) or train,
meetings of webinars open for registration in their country, close dates of live quizzes of the
courses they are enrolled in and have not completed, and due dates of their training assignments
not yet done. The page (views.calendar_page) and the feed (feeds.ics_for) read the same entries.

Query budget: 5 queries whatever the number of entries (profile, own meetings, open webinars,
quizzes, assignments).
"""

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Quiz
from cohorts.models import Cohort, Meeting, Participation
from courses.models import Enrolment, Tier
from people.models import StaffProfile

from . import selectors

KINDS = ("meeting", "webinar", "quiz", "due")


@dataclass
class Entry:
    uid: str  # stable per event: the feed's UID
    kind: str  # one of KINDS
    title: str
    what: str  # what kind of entry, in words ("Meeting", "Quiz closes"...)
    url: str  # a path on this site
    starts_at: datetime | None = None  # aware; None for an all-day entry
    ends_at: datetime | None = None
    day: date | None = None  # all-day entries (due dates)
    place: str = ""
    zone: zoneinfo.ZoneInfo | None = None

    @property
    def local_starts_at(self):
        return timezone.localtime(self.starts_at, self.zone) if self.starts_at else None

    @property
    def local_ends_at(self):
        return timezone.localtime(self.ends_at, self.zone) if self.ends_at else None

    @property
    def local_day(self):
        return self.day if self.day else self.local_starts_at.date()

    @property
    def sort_key(self):
        return (self.local_day, self.local_starts_at.time() if self.starts_at else time.min, self.uid)


def profile_of(user):
    return StaffProfile.objects.select_related("country").filter(user=user).first()


def zone_of(profile):
    """The reader's time zone: their country's (Asia/Phnom_Penh or Asia/Vientiane), else the site's."""
    name = profile.country.timezone if profile is not None else settings.TIME_ZONE
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _bounds(first_day, last_day, zone):
    start = datetime.combine(first_day, time.min, tzinfo=zone)
    end = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def entries_for(user, first_day, last_day, *, profile=None, zone=None):
    """The user's entries on days first_day..last_day (in their time zone), in order."""
    zone = zone or zone_of(profile)
    start, end = _bounds(first_day, last_day, zone)
    mine = Participation.objects.filter(person=user, status=Participation.Status.REGISTERED).values("cohort_id")
    trained = Cohort.trainers.through.objects.filter(user_id=user.pk).values("cohort_id")
    in_window = Q(starts_at__lt=end, ends_at__gt=start)
    entries = []
    own = Meeting.objects.filter(in_window).filter(Q(cohort_id__in=mine) | Q(cohort_id__in=trained))
    for meeting in own.select_related("cohort"):
        entries.append(_meeting_entry(meeting, zone, kind="meeting"))
    if profile is not None:
        webinars = (
            Meeting.objects.filter(in_window, cohort__kind=Tier.WEBINAR, cohort__country_id=profile.country_id)
            .filter(cohort__enrolment_mode__in=[Cohort.EnrolmentMode.OPEN, Cohort.EnrolmentMode.APPROVAL])
            .exclude(cohort_id__in=mine)
            .exclude(cohort_id__in=trained)
            .exclude(cohort__participations__person=user)  # waiting or pending: it is no longer "open" to them
            .select_related("cohort")
        )
        for meeting in webinars:
            entries.append(_meeting_entry(meeting, zone, kind="webinar"))
    enrolled = Enrolment.objects.filter(learner=user, completed_at__isnull=True).values("course_id")
    quizzes = Quiz.objects.filter(live=True, closes_at__gte=start, closes_at__lt=end, course_id__in=enrolled)
    for quiz in quizzes.only("uuid", "title", "closes_at"):
        entries.append(
            Entry(
                uid=f"quiz-{quiz.uuid}-closes@pes-learning",
                kind="quiz",
                title=quiz.title,
                what=_("Quiz closes"),
                url=reverse("assessments:quiz", args=[quiz.uuid]),
                starts_at=quiz.closes_at,
                zone=zone,
            )
        )
    for assignment in selectors.learner_assignments(user):
        if assignment.done or not first_day <= assignment.due_date <= last_day:
            continue
        entries.append(_due_entry(assignment, zone))
    return sorted(entries, key=lambda entry: entry.sort_key)


def _meeting_entry(meeting, zone, *, kind):
    return Entry(
        uid=f"meeting-{meeting.pk}-{meeting.cohort.public_id}@pes-learning",
        kind=kind,
        title=meeting.cohort.title,
        what=_("Webinar open for registration") if kind == "webinar" else _("Meeting"),
        url=reverse("cohorts:detail", args=[meeting.cohort.public_id]),
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place=meeting.venue or meeting.cohort.venue,
        zone=zone,
    )


def _due_entry(assignment, zone):
    if assignment.course_id:
        title, url = assignment.course.title, assignment.course.url or ""
    else:
        title, url = assignment.cohort.title, reverse("cohorts:detail", args=[assignment.cohort.public_id])
    return Entry(
        uid=f"assignment-{assignment.pk}-due@pes-learning",
        kind="due",
        title=title,
        what=_("Training due"),
        url=url,
        day=assignment.due_date,
        zone=zone,
    )


def week_days(monday):
    return [monday + timedelta(days=offset) for offset in range(7)]


def by_day(entries, days):
    """[(day, [entries])] for each day of `days` (empty days included)."""
    grouped = {day: [] for day in days}
    for entry in entries:
        grouped.setdefault(entry.local_day, []).append(entry)
    return [(day, grouped[day]) for day in days]

"""Live training: cohorts (ToT, provincial sessions, webinars), their meetings, participants and attendance.

A cohort is one run of a tot/provincial/webinar CoursePage with a group of people on a schedule.
A participant's progress in the course is the one courses.Enrolment; attendance feeds the
course's completion rule through cohorts/completion.py. Writes go through services.py.
"""

import secrets
import uuid
import zoneinfo

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from courses.models import CoursePage, Tier
from people.models import Country, Province

LIVE_TIERS = (Tier.TRAINING_OF_TRAINERS, Tier.PROVINCIAL, Tier.WEBINAR)
# Check-in codes avoid letters and digits that are easy to confuse on a projector (0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
# A check-in code works only in a short window around the start of its meeting (finding 12): a code
# copied to a colleague after the start, or read off a projector photo later, no longer counts.
CHECKIN_OPENS_BEFORE = timezone.timedelta(minutes=15)
CHECKIN_CLOSES_AFTER_START = timezone.timedelta(minutes=30)
# How a country's time zone is named in sentences: never the raw id ("Asia/Phnom_Penh").
TIME_ZONE_NAMES = {
    "Asia/Phnom_Penh": _("Cambodia time"),
    "Asia/Vientiane": _("Laos time"),
}


def time_zone_label(zone_id, at=None):
    """A reader's name for a time zone: "Cambodia time (UTC+7)", or just the UTC offset if unknown."""
    try:
        zone = zoneinfo.ZoneInfo(zone_id)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return "UTC"
    offset = (at or timezone.now()).astimezone(zone).utcoffset()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    utc = f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
    name = TIME_ZONE_NAMES.get(zone_id)
    return f"{name} ({utc})" if name else utc


def new_checkin_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class CohortQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(end_date__gte=timezone.localdate())

    def trained_by(self, user):
        return self.filter(trainers=user)


class Cohort(models.Model):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        BOTH = "both", _("In person and online")

    class EnrolmentMode(models.TextChoices):
        OPEN = "open", _("Open registration")
        APPROVAL = "approval", _("Registration with approval")
        ASSIGNED = "assigned", _("Assigned by HR")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course = models.ForeignKey(
        CoursePage,
        on_delete=models.PROTECT,
        related_name="cohorts",
        limit_choices_to={"tier__in": LIVE_TIERS},
        verbose_name=_("course"),
    )
    # Copied from the course's tier when saved, so lists filter without joining the page tree.
    kind = models.CharField(_("kind"), max_length=16, choices=Tier.choices, editable=False)
    title = models.CharField(_("title"), max_length=200)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country"))
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("province")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, default=Mode.IN_PERSON)
    venue = models.CharField(_("venue"), max_length=250, blank=True)
    join_link = models.URLField(_("join link"), blank=True, help_text=_("Shown only to registered people."))
    capacity = models.PositiveIntegerField(_("capacity"), default=25)
    enrolment_mode = models.CharField(
        _("enrolment"), max_length=16, choices=EnrolmentMode.choices, default=EnrolmentMode.OPEN
    )
    languages = models.JSONField(_("languages"), default=list, blank=True, help_text=_("Language codes, e.g. km, lo."))
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"), default=80, help_text=_("Share of meetings a participant must attend.")
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="cohorts_trained", verbose_name=_("trainers")
    )
    recording_link = models.URLField(_("recording link"), blank=True, help_text=_("Shown after the event."))
    materials = models.TextField(_("materials"), blank=True, help_text=_("Shown after the event."))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        indexes = [models.Index(fields=["kind", "end_date"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.course_id:
            self.kind = CoursePage.objects.filter(pk=self.course_id).values_list("tier", flat=True).first() or ""
        super().save(*args, **kwargs)

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date is before the start date.")
        if self.province_id and self.country_id and self.province.country_id != self.country_id:
            errors["province"] = _("This province is not in the chosen country.")
        if self.mode in (self.Mode.IN_PERSON, self.Mode.BOTH) and not self.venue:
            errors["venue"] = _("Give the venue of an in-person cohort.")
        if self.mode in (self.Mode.ONLINE, self.Mode.BOTH) and not self.join_link:
            errors["join_link"] = _("Give the join link of an online cohort.")
        if errors:
            raise ValidationError(errors)

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.country.timezone)

    @property
    def is_over(self):
        return self.end_date < timezone.localdate(timezone=self.tzinfo)

    @property
    def time_zone_label(self):
        return time_zone_label(self.country.timezone)

    @property
    def is_online(self):
        return self.mode in (self.Mode.ONLINE, self.Mode.BOTH)

    @property
    def is_in_person(self):
        return self.mode in (self.Mode.IN_PERSON, self.Mode.BOTH)


class Participation(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        PENDING = "pending", _("Waiting for approval")
        WITHDRAWN = "withdrawn", pgettext_lazy("cohort participant", "Withdrawn")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    # Order on the waiting list (1 = next in); empty unless the status is "waiting".
    waiting_position = models.PositiveIntegerField(_("place on the waiting list"), null=True, blank=True)
    enrolment = models.ForeignKey(
        "courses.Enrolment", on_delete=models.SET_NULL, null=True, blank=True, related_name="participations"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cohort", "status", "waiting_position", "created_at"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [models.UniqueConstraint(fields=["cohort", "person"], name="one_participation_per_cohort")]
        indexes = [models.Index(fields=["cohort", "status"])]

    def __str__(self):
        return f"{self.person} – {self.cohort}"


class Meeting(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("cohort"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=250, blank=True, help_text=_("Leave empty to use the cohort's."))
    join_link = models.URLField(_("join link"), blank=True, help_text=_("Leave empty to use the cohort's."))
    checkin_code = models.CharField(_("check-in code"), max_length=12, unique=True, default=new_checkin_code)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return f"{self.cohort} – {self.starts_at:%Y-%m-%d %H:%M}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The meeting ends before it starts.")})

    @property
    def local_starts_at(self):
        return timezone.localtime(self.starts_at, self.cohort.tzinfo)

    @property
    def local_ends_at(self):
        return timezone.localtime(self.ends_at, self.cohort.tzinfo)

    @property
    def place(self):
        return self.venue or self.cohort.venue

    @property
    def link(self):
        return self.join_link or self.cohort.join_link

    def checkin_open(self, at=None):
        at = at or timezone.now()
        return self.starts_at - CHECKIN_OPENS_BEFORE <= at <= self.starts_at + CHECKIN_CLOSES_AFTER_START

    def has_started(self, at=None):
        return self.starts_at <= (at or timezone.now())

    def has_ended(self, at=None):
        return self.ends_at <= (at or timezone.now())


class AttendanceRecord(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")

    class Source(models.TextChoices):
        ROSTER = "roster", _("Roster")
        CHECKIN = "checkin", _("Self check-in")
        IMPORT = "import", _("Imported report")

    ATTENDED = (Status.PRESENT, Status.LATE)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=16, choices=Status.choices)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.ROSTER)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance record")
        verbose_name_plural = _("attendance records")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "participation"], name="one_attendance_per_meeting"),
        ]

    def __str__(self):
        return f"{self.participation} – {self.meeting_id}: {self.status}"


class CascadeLink(models.Model):
    """Which ToT course qualifies trainers to deliver a provincial-session course."""

    provincial_course = models.OneToOneField(
        CoursePage,
        on_delete=models.CASCADE,
        related_name="cascade_link",
        limit_choices_to={"tier": Tier.PROVINCIAL},
        verbose_name=_("provincial session course"),
    )
    tot_course = models.ForeignKey(
        CoursePage,
        on_delete=models.CASCADE,
        related_name="cascade_links",
        limit_choices_to={"tier": Tier.TRAINING_OF_TRAINERS},
        verbose_name=_("training of trainers course"),
    )

    class Meta:
        verbose_name = _("cascade link")
        verbose_name_plural = _("cascade links")

    def __str__(self):
        return f"{self.tot_course} → {self.provincial_course}"


class CertifiedTrainer(models.Model):
    """A person certified to deliver a course, by completing a ToT cohort of it."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trainer_certificates")
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="certified_trainers")
    cohort = models.ForeignKey(Cohort, on_delete=models.SET_NULL, null=True, blank=True, related_name="graduates")
    certified_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("certified trainer")
        verbose_name_plural = _("certified trainers")
        constraints = [models.UniqueConstraint(fields=["person", "course"], name="one_certification_per_course")]

    def __str__(self):
        return f"{self.person} – {self.course}"

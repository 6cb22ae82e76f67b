"""The competency framework, what each position requires, and what each person holds.

Areas, competencies and proficiency levels are reference data edited in the Wagtail admin and
translated field by field. A CompetencyRecord is derived, never typed twice: services.py grants
it from a course completion or a supervisor's assessment, and withdraws it when the certificate
that was its evidence is revoked. "Held" means not withdrawn and not expired.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CompetencyArea(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("competency area")
        verbose_name_plural = _("competency areas")

    def __str__(self):
        return self.name


class Competency(models.Model):
    area = models.ForeignKey(CompetencyArea, on_delete=models.PROTECT, related_name="competencies")
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["area__sort_order", "sort_order", "code"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")

    def __str__(self):
        return self.name


class ProficiencyLevel(models.Model):
    """A step on one scale shared by every competency; a higher rank includes the lower ones."""

    rank = models.PositiveSmallIntegerField(_("rank"), unique=True, help_text=_("1 is the first level."))
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["rank"]
        verbose_name = _("proficiency level")
        verbose_name_plural = _("proficiency levels")

    def __str__(self):
        return self.name


class PositionRequirement(models.Model):
    """One line of a position profile: this position needs this competency at this level."""

    position = models.ForeignKey("people.Position", on_delete=models.CASCADE, related_name="requirements")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="position_requirements")
    level = models.ForeignKey(ProficiencyLevel, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["position__name", "competency__sort_order"]
        verbose_name = _("position requirement")
        verbose_name_plural = _("position requirements")
        constraints = [
            models.UniqueConstraint(fields=["position", "competency"], name="one_requirement_per_position"),
        ]

    def __str__(self):
        return f"{self.position} – {self.competency} ({self.level})"


class CourseCompetency(models.Model):
    """Completing this course grants this competency at this level, for a while or for good."""

    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="competencies_granted")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="courses")
    level = models.ForeignKey(ProficiencyLevel, on_delete=models.PROTECT, related_name="+")
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"), null=True, blank=True, help_text=_("Leave empty if no refresher is needed.")
    )

    class Meta:
        verbose_name = _("competency granted by a course")
        verbose_name_plural = _("competencies granted by courses")
        constraints = [models.UniqueConstraint(fields=["course", "competency"], name="one_grant_per_course")]

    def __str__(self):
        return f"{self.course} → {self.competency} ({self.level})"


class Source(models.TextChoices):
    COURSE = "course", _("Course completed")
    SUPERVISOR = "supervisor", _("Supervisor assessment")
    QUIZ = "quiz", _("Quiz passed")


class CompetencyRecordQuerySet(models.QuerySet):
    def held(self, at=None):
        """Records that count today: not withdrawn and not expired."""
        at = at or timezone.now()
        return self.filter(Q(withdrawn_at__isnull=True), Q(expires_at__isnull=True) | Q(expires_at__gt=at))


class CompetencyRecord(models.Model):
    """A person holds a competency at a level, with the evidence that says so."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="competency_records")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="records")
    level = models.ForeignKey(ProficiencyLevel, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    enrolment = models.ForeignKey(
        "courses.Enrolment", on_delete=models.SET_NULL, null=True, blank=True, related_name="competency_records"
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    achieved_at = models.DateTimeField(_("achieved"))
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(pgettext_lazy("competency record", "withdrawn"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CompetencyRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-achieved_at"]
        verbose_name = _("competency record")
        verbose_name_plural = _("competency records")
        constraints = [
            # A completion grants each competency once, however often the event arrives.
            models.UniqueConstraint(
                fields=["enrolment", "competency"], condition=Q(enrolment__isnull=False), name="one_record_per_grant"
            ),
        ]
        indexes = [models.Index(fields=["person", "competency"])]

    def __str__(self):
        return f"{self.person} – {self.competency} ({self.level})"

    @property
    def is_held(self):
        return self.withdrawn_at is None and (self.expires_at is None or self.expires_at > timezone.now())


class ImportJob(models.Model):
    """One confirmed staff import, run by a background task: what was asked, how far it got, what it did.

    The checked rows wait here (not in the session) until the task runs them in one transaction.
    A job runs once: the task locks it and leaves a job that is no longer pending alone.
    """

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Waiting for confirmation")
        PENDING = "pending", _("Waiting to run")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Nothing was saved")

    public_id = models.UUIDField(unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PREVIEW)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    language = models.CharField(max_length=8, blank=True)  # the importer's, for the messages the task writes
    rows = models.JSONField(default=list)  # [[line, {column: value}]], cleared once the job has run
    total = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)  # [[line, column, message]] when the re-check refused the file
    seconds = models.FloatField(null=True, blank=True)
    send_invitations = models.BooleanField(_("send invitations"), default=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("staff import")
        verbose_name_plural = _("staff imports")

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

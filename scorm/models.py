"""SCORM packages (snippets editors upload) and each learner's attempt at one in one lesson.

A package's files live in their own directory under the SCORM storage root, named by
`content_key` (a UUID that changes when the files are replaced), never under MEDIA_ROOT.
An attempt is found by its own UUID (`key`) and always together with its learner: nothing a
package's content can guess names another learner's data. Writes go through services.py.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from courses.models import Enrolment, LessonPage

from .manifest import VERSION_12, VERSION_2004, Sco

STATUS_LABELS = {
    "passed": pgettext_lazy("SCORM status", "Passed"),
    "failed": pgettext_lazy("SCORM status", "Not passed"),
    "completed": pgettext_lazy("SCORM status", "Completed"),
    "incomplete": pgettext_lazy("SCORM status", "In progress"),
    "browsed": pgettext_lazy("SCORM status", "Browsed"),
    "not attempted": pgettext_lazy("SCORM status", "Not started"),
    "unknown": pgettext_lazy("SCORM status", "In progress"),
}


class ScormVersion(models.TextChoices):
    SCORM_12 = VERSION_12, "SCORM 1.2"
    SCORM_2004 = VERSION_2004, "SCORM 2004"


class ScormPackage(models.Model):
    """An uploaded SCORM module: its title, version, launch file and what counts as passing."""

    title = models.CharField(_("title"), max_length=255)
    content_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.CharField(_("SCORM version"), max_length=8, choices=ScormVersion.choices, editable=False)
    launch_href = models.CharField(_("launch file"), max_length=1000, editable=False)
    mastery_score = models.DecimalField(
        _("mastery score"), max_digits=7, decimal_places=4, null=True, blank=True, editable=False
    )
    scaled_passing_score = models.DecimalField(
        _("scaled passing score"), max_digits=7, decimal_places=4, null=True, blank=True, editable=False
    )
    completion_threshold = models.DecimalField(
        _("completion threshold"), max_digits=7, decimal_places=4, null=True, blank=True, editable=False
    )
    # Every launchable SCO in the manifest's order (Sco.as_json); empty for packages stored before
    # several SCOs were played, which have one SCO: the launch file and rules above.
    scos = models.JSONField(default=list, blank=True, editable=False)
    file_count = models.PositiveIntegerField(_("files"), default=0, editable=False)
    total_bytes = models.PositiveBigIntegerField(_("size"), default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("SCORM package")
        verbose_name_plural = _("SCORM packages")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_content_url(self, sco=None):
        from django.urls import reverse

        href = (sco or self).launch_href
        return reverse("scorm:content", args=[self.content_key, href.split("?", 1)[0].split("#", 1)[0]])

    @property
    def sco_list(self) -> list[Sco]:
        """The SCOs a learner goes through, in order. A single SCO has the identifier "" (its attempts too)."""
        if len(self.scos) > 1:
            return [
                Sco(
                    identifier=sco["identifier"],
                    title=sco["title"],
                    launch_href=sco["launch_href"],
                    **{
                        name: None if sco.get(name) is None else Decimal(sco[name])
                        for name in ("mastery_score", "scaled_passing_score", "completion_threshold")
                    },
                )
                for sco in self.scos
            ]
        return [
            Sco(
                identifier="",
                title=self.title,
                launch_href=self.launch_href,
                mastery_score=self.mastery_score,
                scaled_passing_score=self.scaled_passing_score,
                completion_threshold=self.completion_threshold,
            )
        ]

    def sco(self, identifier: str) -> Sco | None:
        return next((sco for sco in self.sco_list if sco.identifier == identifier), None)


class ScormAttempt(models.Model):
    """One learner's runtime data for one SCO of a package in one lesson, kept across visits (resume).

    `sco` is the SCO's identifier in the manifest ("" for a package with one SCO).
    """

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scorm_attempts")
    package = models.ForeignKey(ScormPackage, on_delete=models.CASCADE, related_name="attempts")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    sco = models.CharField(_("part of the activity"), max_length=255, blank=True, default="", editable=False)
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="scorm_attempts")
    # The browser session that may write: a new launch starts a new one, so a stale window cannot
    # add its time twice.
    session_key = models.UUIDField(default=uuid.uuid4, editable=False)
    lesson_status = models.CharField(_("lesson status"), max_length=16, blank=True)  # SCORM 1.2
    completion_status = models.CharField(_("completion status"), max_length=16, blank=True)  # SCORM 2004
    success_status = models.CharField(_("success status"), max_length=16, blank=True)  # SCORM 2004
    score_raw = models.DecimalField(_("score"), max_digits=12, decimal_places=4, null=True, blank=True)
    score_min = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    score_max = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    score_scaled = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    location = models.CharField(_("location"), max_length=1000, blank=True)
    suspend_data = models.TextField(blank=True)
    exit = models.CharField(max_length=16, blank=True)
    total_seconds = models.DecimalField(_("time spent (seconds)"), max_digits=12, decimal_places=2, default=0)
    seconds_before_session = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    cmi = models.JSONField(default=dict, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)

    class Meta:
        verbose_name = _("SCORM attempt")
        verbose_name_plural = _("SCORM attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "package", "lesson", "sco"], name="one_scorm_attempt_per_sco_and_lesson"
            )
        ]
        indexes = [models.Index(fields=["lesson", "package"])]

    def __str__(self):
        return f"{self.learner} – {self.package}" + (f" – {self.sco}" if self.sco else "")

    @property
    def sco_title(self) -> str:
        """The SCO's title in a package with several, else ""."""
        if not self.sco:
            return ""
        found = self.package.sco(self.sco)
        return found.title if found else self.sco

    @property
    def status(self):
        """The one word a trainer reads: passed/failed/completed/incomplete…"""
        if self.package.version == VERSION_12:
            return self.lesson_status or "not attempted"
        if self.success_status in ("passed", "failed"):
            return self.success_status
        return self.completion_status or "not attempted"

    @property
    def status_label(self):
        return STATUS_LABELS.get(self.status, self.status)

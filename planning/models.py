"""Mandatory training assigned by HR, and each person's private calendar feed.

An Assignment names one learner and exactly one course or cohort, with a due date. Whether it is
done is not stored: it is read from the learner's enrolment in the course (for a cohort, the
cohort's course), so it can never disagree with the course's completion rule. The reminder
flags (`due_soon_sent_at`, `overdue_sent_at`) are set once, under a row lock, by
`send_training_reminders`.

A CalendarFeed holds only a random public id; the feed's secret token is that id with an HMAC of
it under the site's SECRET_KEY (see `planning.feeds`), compared in constant time. Resetting the
feed draws a new id, so the old address stops working at once.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort
from courses.models import CoursePage


class Assignment(models.Model):
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_assignments")
    course = models.ForeignKey(
        CoursePage, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("course")
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("cohort")
    )
    due_date = models.DateField(_("due date"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    due_soon_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    overdue_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("training assignment")
        verbose_name_plural = _("training assignments")
        constraints = [
            models.CheckConstraint(
                condition=(Q(course__isnull=False) & Q(cohort__isnull=True))
                | (Q(course__isnull=True) & Q(cohort__isnull=False)),
                name="assignment_course_xor_cohort",
            ),
            models.UniqueConstraint(
                fields=["learner", "course"], condition=Q(course__isnull=False), name="one_assignment_per_course"
            ),
            models.UniqueConstraint(
                fields=["learner", "cohort"], condition=Q(cohort__isnull=False), name="one_assignment_per_cohort"
            ),
        ]
        indexes = [models.Index(fields=["due_date"])]

    def __str__(self):
        return f"{self.learner} – {self.course or self.cohort} ({self.due_date})"

    @property
    def course_id_to_complete(self):
        """The course whose completion makes this assignment done (a cohort's course for a cohort)."""
        return self.course_id if self.course_id else self.cohort.course_id


class CalendarFeed(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True)
    reset_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)

"""Course evaluations (reaction, Kirkpatrick level 1): surveys, anonymous responses, who has answered.

A Survey is a Wagtail snippet with ordered questions, every text translated field by field. It is
either attached to one course or is the default for a tier (self-paced, ToT, provincial session,
webinar); a course's own survey wins over its tier's default.

Anonymity is built into the tables, not only the pages:
- `Response` and `Answer` hold what was said and the groups needed to read it (course, cohort,
  country, province, sex, disability stated or not), never the person. Their keys are random UUIDs
  and the response keeps only the month it was given, so neither insert order nor time can match
  a response to a person.
- `Respondent` records that a person has answered for a course (one row per person and course,
  a unique constraint), with no link to the response and no time, so results cannot be joined back.
Both are written together in one transaction by `services.submit_response`.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from courses.models import Tier

RATING_MIN, RATING_MAX = 1, 5


class Survey(ClusterableModel):
    """A short questionnaire offered when a course (or its cohort) is completed."""

    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True, help_text=_("Shown above the questions."))
    course = models.OneToOneField(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The course this survey is for. Leave empty and choose a tier to make it the default."),
    )
    tier = models.CharField(
        _("default for tier"),
        max_length=16,
        choices=Tier.choices,
        blank=True,
        help_text=_("Used for every course of this tier that has no survey of its own."),
    )
    is_active = models.BooleanField(_("offered to learners"), default=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("course"), FieldPanel("tier"), FieldPanel("is_active")], heading=_("Used for")),
        InlinePanel("questions", label=_("Questions"), min_num=1),
    ]

    class Meta:
        verbose_name = _("course survey")
        verbose_name_plural = _("course surveys")
        constraints = [
            models.CheckConstraint(
                condition=(Q(course__isnull=False) & Q(tier="")) | (Q(course__isnull=True) & ~Q(tier="")),
                name="survey_for_a_course_or_a_tier",
                violation_error_message=_("Choose either a course or a tier, not both."),
            ),
            models.UniqueConstraint(
                fields=["tier"],
                condition=Q(course__isnull=True),
                name="one_default_survey_per_tier",
                violation_error_message=_("Another survey is already the default for this tier."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if bool(self.course_id) == bool(self.tier):
            raise ValidationError(_("Choose either a course or a tier, not both."))


class Question(Orderable):
    class Kind(models.TextChoices):
        RATING = "rating", _("Rating from 1 to 5")
        SINGLE = "single", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        TEXT = "text", _("Free text")

    survey = ParentalKey(Survey, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.RATING)
    text = models.CharField(_("question"), max_length=300)
    required = models.BooleanField(_("required"), default=True)
    low_label = models.CharField(
        _("label of 1"), max_length=80, blank=True, help_text=_("Rating: what the lowest mark means.")
    )
    high_label = models.CharField(
        _("label of 5"), max_length=80, blank=True, help_text=_("Rating: what the highest mark means.")
    )
    options = models.TextField(
        _("choices"),
        blank=True,
        help_text=_("One choice per line, in the same order in every language."),
    )

    panels = [
        FieldPanel("kind"),
        FieldPanel("text"),
        FieldPanel("required"),
        FieldPanel("low_label"),
        FieldPanel("high_label"),
        FieldPanel("options"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text

    @property
    def is_choice(self):
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)

    def option_list(self, language=None):
        """The choices in the reader's language (English where a line is missing), by position."""
        english = _lines(getattr(self, "options_en", None) or self.options)
        if language is None:
            return _lines(self.options) or english
        own = _lines(getattr(self, f"options_{language}", "") or "")
        return [own[i] if i < len(own) else line for i, line in enumerate(english)]

    def clean(self):
        english = _lines(getattr(self, "options_en", None) or self.options)
        if self.is_choice and len(english) < 2:
            raise ValidationError({"options": _("Give at least two choices, one per line.")})
        if self.is_choice:
            for code, _name in settings.LANGUAGES:
                lines = _lines(getattr(self, f"options_{code}", "") or "")
                if lines and len(lines) != len(english):
                    raise ValidationError(
                        {"options": _("Each language must have the same number of choices as the English.")}
                    )


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class Disclosure(models.TextChoices):
    """Whether the respondent stated a disability: the category itself is not kept (groups too small)."""

    YES = "yes", _("With a disability")
    NO = "no", _("Without a disability")
    NOT_STATED = "not_stated", _("Not stated")


class Response(models.Model):
    """One anonymous set of answers; the groups it counts in, never who gave it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey("cohorts.Cohort", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    tier = models.CharField(max_length=16, choices=Tier.choices)
    country = models.ForeignKey("people.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    province = models.ForeignKey("people.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    sex = models.CharField(max_length=8, blank=True)
    disability = models.CharField(max_length=16, choices=Disclosure.choices, default=Disclosure.NOT_STATED)
    language = models.CharField(max_length=8, blank=True)
    # The first day of the month it was given: enough to follow a course over time, too coarse to
    # match a response to the moment a person answered.
    month = models.DateField()

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [models.Index(fields=["course", "cohort"]), models.Index(fields=["country", "province"])]

    def __str__(self):
        return f"{self.course_id} {self.month:%Y-%m}"


class Answer(models.Model):
    """One question's answer within a response: a mark, chosen positions, or words."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    choices = models.JSONField(default=list, blank=True)  # positions in the question's choices, from 0
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")]

    def __str__(self):
        return f"{self.question_id}"


class Respondent(models.Model):
    """That a person has answered the survey of a course: nothing about what they said, nor when."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("survey respondent")
        verbose_name_plural = _("survey respondents")
        # A person completes a course once (one enrolment per course, whichever cohort brought them),
        # so one answer per course is one per cohort too.
        constraints = [models.UniqueConstraint(fields=["person", "course"], name="one_response_per_person_and_course")]

    def __str__(self):
        return f"{self.person_id} – {self.course_id}"

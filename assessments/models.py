"""Question banks, quizzes, attempts and grades.

A Question is edited in the admin; what a learner answers is a QuestionVersion, a frozen
snapshot (stem, options, key) made when an attempt starts, so editing a question never
changes an attempt already taken. An Attempt and its Answer rows live on the server and
are written on every answer. Writes go through services.py; grading rules in grading.py.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import PreviewableMixin

from core.richtext import to_plain_text

from .admin_forms import QuestionAdminForm, QuizAdminForm
from .panels import KindFieldPanel, KindInlinePanel, KindPanel, localized


class QuestionBank(models.Model):
    name = models.CharField(_("name"), max_length=200)
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.SET_NULL, null=True, blank=True, related_name="question_banks"
    )

    class Meta:
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")

    def __str__(self):
        # Every course has its "Core questions": the course tells them apart in choosers and listings.
        if self.course_id is None:
            return self.name
        return f"{self.name} — {self.course.title}"


class Category(models.Model):
    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")

    def __str__(self):
        return f"{self.bank} › {self.name}"


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple response")
    TRUE_FALSE = "true_false", _("True or false")
    NUMERIC = "numeric", _("Number")
    SHORT_TEXT = "short_text", _("Short text")
    ORDERING = "ordering", _("Put in order")
    MATCHING = "matching", _("Matching")


CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUE_FALSE}
# The kinds whose answer key is a list of options (choices, items to order, pairs to match).
OPTION_KINDS = CHOICE_KINDS | {QuestionKind.ORDERING, QuestionKind.MATCHING}


def _kinds(*kinds):
    return [str(kind) for kind in QuestionKind if kind in kinds]


def option_problems(kind, options):
    """Why a question of this kind with these options (each with is_correct and match) cannot be graded.

    The one place the rule lives: the admin form asks it with the options being edited, an importer
    with the options it read. Matching answers are checked per option by the caller.
    """
    count, correct = len(options), sum(1 for option in options if option["is_correct"])
    problems = []
    if kind == QuestionKind.SINGLE:
        if count < 2:
            problems.append(_("A single-choice question needs at least two options."))
        if correct != 1:
            problems.append(_("Mark exactly one option as correct."))
    elif kind == QuestionKind.MULTIPLE:
        if count < 2:
            problems.append(_("A multiple-response question needs at least two options."))
        if correct < 1:
            problems.append(_("Mark at least one option as correct."))
    elif kind == QuestionKind.TRUE_FALSE:
        if count != 2:
            problems.append(_("A true or false question needs exactly two options: True and False."))
        if correct != 1:
            problems.append(_("Mark exactly one option as correct."))
    elif kind == QuestionKind.ORDERING:
        if count < 2:
            problems.append(_("Give at least two items to put in order."))
    elif kind == QuestionKind.MATCHING:
        if count < 2:
            problems.append(_("A matching question needs at least two pairs."))
        matches = [" ".join((option["match"] or "").casefold().split()) for option in options]
        if len(set(filter(None, matches))) < len([m for m in matches if m]):
            problems.append(_("Give each item a different matching answer."))
    return problems


# What question text and general feedback may hold: imports are sanitised down to the same list.
QUESTION_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "image"]


class Question(PreviewableMixin, ClusterableModel):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="questions")
    kind = models.CharField(_("type"), max_length=16, choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    stem = RichTextField(_("question"), features=QUESTION_TEXT_FEATURES)
    general_feedback = RichTextField(_("general feedback"), blank=True, features=QUESTION_TEXT_FEATURES)
    points = models.PositiveSmallIntegerField(_("points"), default=1)
    accepted_answers = models.TextField(
        _("accepted answers"), blank=True, help_text=_("Short text questions: one accepted answer per line.")
    )
    numeric_answer = models.DecimalField(_("numeric answer"), max_digits=14, decimal_places=4, null=True, blank=True)
    tolerance = models.DecimalField(_("tolerance"), max_digits=14, decimal_places=4, default=0)
    source_key = models.CharField(
        _("imported from"),
        max_length=64,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("Identity of the question in the file it was imported from, so a new import updates it."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    # Each kind shows only the fields it uses (panels.py); the form clears the others and checks
    # that the question can be answered and graded (admin_forms.py, option_problems and clean here).
    base_form_class = QuestionAdminForm
    panels = [
        FieldPanel("category"),
        FieldPanel("kind"),
        FieldPanel("stem"),
        FieldPanel("points"),
        KindInlinePanel(
            "options",
            kinds=_kinds(*OPTION_KINDS),
            label=_("Options"),
            help_text=_(
                "Ordering questions: give the items in the correct order; drag or use the arrows to move them."
            ),
            panels=[
                *localized("text"),
                KindFieldPanel("is_correct", kinds=_kinds(*CHOICE_KINDS)),
                *localized("match", panel_class=KindFieldPanel, kinds=_kinds(QuestionKind.MATCHING)),
                *localized("feedback", panel_class=KindFieldPanel, kinds=_kinds(*CHOICE_KINDS)),
            ],
        ),
        KindPanel(
            [FieldPanel("numeric_answer"), FieldPanel("tolerance")],
            kinds=_kinds(QuestionKind.NUMERIC),
            heading=_("Answer key: number"),
        ),
        KindPanel(
            localized("accepted_answers"),
            kinds=_kinds(QuestionKind.SHORT_TEXT),
            heading=_("Answer key: accepted answers"),
        ),
        FieldPanel("general_feedback"),
    ]

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return to_plain_text(self.stem).replace("\n", " ")[:80]

    def stem_text(self):
        """The question as plain text (listings, exports)."""
        return to_plain_text(self.stem)

    stem_text.short_description = _("question")

    def clean(self):
        """The answer key of number and short text questions; options are checked by the form that edits them."""
        errors = {}
        if self.tolerance is not None and self.tolerance < 0:
            errors["tolerance"] = _("The tolerance cannot be negative.")
        if self.kind == QuestionKind.NUMERIC and self.numeric_answer is None:
            errors["numeric_answer"] = _("Give the number that answers this question.")
        if self.kind == QuestionKind.SHORT_TEXT and not (self.accepted_answers_en or "").strip():
            errors["accepted_answers_en"] = _("Give at least one accepted answer in English.")
        if errors:
            raise ValidationError(errors)

    # The preview shows the question as a learner meets it, in each language of the site.
    @property
    def preview_modes(self):
        return [(code, translation.get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]

    @property
    def default_preview_mode(self):
        return settings.LANGUAGE_CODE

    def serve_preview(self, request, mode_name):
        from .previews import question_preview

        language = mode_name if mode_name in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        with translation.override(language):
            # Rendered inside the override: a lazy TemplateResponse would render in the editor's language.
            return render(request, "assessments/admin/question_preview.html", question_preview(self))


class Option(models.Model):
    """A choice; for ordering questions the position is the correct order, for matching `match` is its pair."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(pgettext_lazy("answer order", "position"), default=0)
    text = models.CharField(_("text"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    match = models.CharField(_("matching answer"), max_length=500, blank=True)
    feedback = models.CharField(_("feedback"), max_length=500, blank=True)

    panels = [FieldPanel("text"), FieldPanel("is_correct"), FieldPanel("match"), FieldPanel("feedback")]
    # The question form orders its options (the correct order of an ordering question) into `position`.
    sort_order_field = "position"

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("option")

    def __str__(self):
        return self.text


class QuestionVersion(models.Model):
    """A frozen copy of a question as learners saw it; identified by the hash of its content."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    digest = models.CharField(max_length=64)
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "digest"], name="one_version_per_content")]

    def __str__(self):
        return f"{self.question_id}@{self.digest[:8]}"


class FeedbackTiming(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately after each answer")
    AFTER_SUBMISSION = "after_submission", _("After submission")
    AFTER_CLOSE = "after_close", _("After the quiz closes")
    NEVER = "never", _("Never")


class GradePolicy(models.TextChoices):
    HIGHEST = "highest", _("Highest attempt")
    LATEST = "latest", _("Latest attempt")
    FIRST = "first", _("First attempt")


class QuizRole(models.TextChoices):
    NONE = "", _("Ordinary quiz")
    PRE_TEST = "pre_test", _("Pre-test")
    POST_TEST = "post_test", _("Post-test")


class Quiz(ClusterableModel):
    base_form_class = QuizAdminForm
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="quizzes")
    module = models.ForeignKey(
        "courses.ModulePage", on_delete=models.SET_NULL, null=True, blank=True, related_name="quizzes"
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.SET_NULL, null=True, blank=True, related_name="quizzes"
    )
    role = models.CharField(_("role in the course"), max_length=16, choices=QuizRole.choices, blank=True, default="")
    live = models.BooleanField(_("open to learners"), default=True)
    required_for_completion = models.BooleanField(_("required to complete the course"), default=False)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=70)
    attempts_allowed = models.PositiveSmallIntegerField(_("attempts allowed"), default=0, help_text=_("0: no limit"))
    time_limit_minutes = models.PositiveSmallIntegerField(_("time limit (minutes)"), null=True, blank=True)
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_options = models.BooleanField(_("shuffle options"), default=False)
    feedback_timing = models.CharField(
        _("show feedback and correct answers"),
        max_length=20,
        choices=FeedbackTiming.choices,
        default=FeedbackTiming.AFTER_SUBMISSION,
    )
    grade_policy = models.CharField(
        _("grade kept"), max_length=10, choices=GradePolicy.choices, default=GradePolicy.HIGHEST
    )
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("course"), FieldPanel("module"), FieldPanel("lesson"), FieldPanel("role")],
            heading=_("Place in the course"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("live"),
                FieldPanel("required_for_completion"),
                FieldPanel("pass_mark"),
                FieldPanel("attempts_allowed"),
                FieldPanel("time_limit_minutes"),
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_options"),
                FieldPanel("feedback_timing"),
                FieldPanel("grade_policy"),
                FieldPanel("closes_at"),
            ],
            heading=_("Settings"),
        ),
        InlinePanel("items", label=_("Questions")),
        InlinePanel("draws", label=_("Random questions from a category")),
    ]

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "role"], condition=~Q(role=""), name="one_pre_and_post_test_per_course"
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        course_path = self.course.path if self.course_id else None
        for name in ("module", "lesson"):
            page = getattr(self, name)
            if page is not None and (course_path is None or not page.path.startswith(course_path)):
                errors[name] = _("Choose a %(place)s of this quiz's course.") % {"place": page._meta.verbose_name}
        if errors:
            raise ValidationError(errors)


class QuizItem(models.Model):
    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    panels = [FieldPanel("question")]

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.quiz_id}: {self.question_id}"


class QuizDraw(models.Model):
    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="draws")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveSmallIntegerField(_("number of questions"), default=1)

    panels = [FieldPanel("category"), FieldPanel("count")]

    def __str__(self):
        return f"{self.count} × {self.category_id}"


class AttemptStatus(models.TextChoices):
    OPEN = "open", _("In progress")
    SUBMITTED = "submitted", _("Submitted")


class Attempt(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=AttemptStatus.choices, default=AttemptStatus.OPEN)
    started_at = models.DateTimeField(auto_now_add=True)
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=8, decimal_places=3, default=0)
    max_score = models.DecimalField(max_digits=8, decimal_places=3, default=0)
    percent = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField(null=True)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "learner"], condition=Q(status="open"), name="one_open_attempt_per_quiz"
            ),
            models.UniqueConstraint(fields=["quiz", "learner", "number"], name="attempt_numbers_unique"),
        ]

    def __str__(self):
        return f"{self.quiz} – {self.learner} #{self.number}"

    @property
    def is_open(self):
        return self.status == AttemptStatus.OPEN


class Answer(models.Model):
    """One question slot of an attempt; `response` is what the learner last saved (None: not answered)."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveSmallIntegerField()
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="answers")
    option_order = models.JSONField(default=list)
    response = models.JSONField(null=True, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=8, decimal_places=3, null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["attempt", "position"], name="one_answer_per_slot")]

    def __str__(self):
        return f"{self.attempt_id} #{self.position}"


class QuizGrade(models.Model):
    """The grade kept for a learner in a quiz, by the quiz's policy; updated on submit and regrade."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="grades")
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_grades")
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="+")
    percent = models.DecimalField(max_digits=5, decimal_places=1)
    passed = models.BooleanField()
    attempts_used = models.PositiveSmallIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["quiz", "learner"], name="one_grade_per_quiz")]

    def __str__(self):
        return f"{self.quiz_id} – {self.learner_id}: {self.percent}"


class Regrade(models.Model):
    """Audit record: who regraded which question, when, and what changed."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="regrades")
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    attempts_changed = models.PositiveIntegerField(default=0)
    changes = models.JSONField(default=list)

    class Meta:
        verbose_name = _("regrade")
        verbose_name_plural = _("regrades")

    def __str__(self):
        return f"{self.question} – {self.created_at:%Y-%m-%d %H:%M}"

"""Reads shared by the quiz pages, in a fixed number of queries whatever the number of questions."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import get_language

from . import grading
from .models import Answer, Attempt, AttemptStatus, FeedbackTiming, QuestionKind, Quiz, QuizGrade, QuizRole


def live_quiz(quiz_uuid):
    return Quiz.objects.select_related("course").filter(uuid=quiz_uuid, live=True).first()


def learner_attempt(attempt_uuid, learner, *, with_course=True):
    """The learner's own attempt with its quiz and answers (two queries); None for anyone else's.

    `with_course=False` leaves the course page out (the question page does not show it: reading a
    page with every translated column cost more than the rest of the query).
    """
    related = ("quiz", "quiz__course") if with_course else ("quiz",)
    attempt = Attempt.objects.select_related(*related).filter(uuid=attempt_uuid, learner=learner).first()
    if attempt is not None:
        attempt.answer_list = list(Answer.objects.filter(attempt=attempt).select_related("version"))
    return attempt


def review_allowed(attempt, *, now=None):
    """Whether the rules let the learner see correct answers and feedback for a whole attempt."""
    if attempt.is_open:
        return False
    timing = attempt.quiz.feedback_timing
    if timing in (FeedbackTiming.IMMEDIATELY, FeedbackTiming.AFTER_SUBMISSION):
        return True
    if timing == FeedbackTiming.AFTER_CLOSE:
        closes_at = attempt.quiz.closes_at
        return closes_at is not None and (now or timezone.now()) >= closes_at
    return False


def answer_feedback_allowed(attempt, answer):
    if review_allowed(attempt):
        return True
    return (
        attempt.is_open and attempt.quiz.feedback_timing == FeedbackTiming.IMMEDIATELY and answer.response is not None
    )


@dataclass
class ShownOption:
    id: int
    text: str
    chosen: bool = False
    rank: int | None = None
    matched: int | None = None
    correct: bool | None = None  # filled only when feedback is allowed
    feedback: str = ""


@dataclass
class ShownQuestion:
    """What the template may show of one answer slot; the key is copied in only when allowed."""

    position: int
    kind: str
    stem: str
    points: int
    options: list = field(default_factory=list)
    matches: list = field(default_factory=list)
    value: str = ""
    answered: bool = False
    feedback_shown: bool = False
    general_feedback: str = ""
    score: object = None
    correct_text: str = ""

    @property
    def is_choice(self):
        return self.kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE, QuestionKind.MULTIPLE)


def show_answer(answer, *, feedback):
    data = answer.version.data
    response = answer.response or {}
    by_id = {option["id"]: option for option in data["options"]}
    order = list(dict.fromkeys(pk for pk in answer.option_order if pk in by_id)) or list(by_id)
    chosen = set(response.get("choices", [])) | ({response["choice"]} if "choice" in response else set())
    ranks = {pk: i for i, pk in enumerate(response.get("order", []), start=1)}
    left, right = grading.matching_sides(data, answer.option_order)
    places = {pk: place for place, pk in enumerate(right, start=1)}
    pairs = {int(k): places.get(v) for k, v in response.get("pairs", {}).items()}
    shown = ShownQuestion(
        position=answer.position,
        kind=data["kind"],
        stem=grading.rich_text(data, "stem"),
        points=data["points"],
        answered=answer.response is not None,
        value=str(response.get("value", response.get("text", ""))),
        feedback_shown=feedback,
    )
    for pk in order:
        option = by_id[pk]
        shown.options.append(
            ShownOption(
                id=pk,
                text=grading.in_language(option["text"]),
                chosen=pk in chosen,
                rank=ranks.get(pk),
                matched=pairs.get(pk),
                correct=option["correct"] if feedback else None,
                feedback=grading.in_language(option["feedback"]) if feedback and pk in chosen else "",
            )
        )
    if data["kind"] == QuestionKind.MATCHING:
        shown.matches = [(place, grading.in_language(by_id[pk]["match"])) for place, pk in enumerate(right, start=1)]
    if feedback:
        shown.general_feedback = grading.rich_text(data, "feedback")
        shown.score = answer.score if answer.score is not None else grading.score(data, answer.response)
        shown.correct_text = _correct_text(data)
    return shown


def _correct_text(data):
    kind = data["kind"]
    if kind == QuestionKind.SHORT_TEXT:
        by_language = data.get("accepted_by_language")
        if by_language is None:  # a version frozen before answers were kept per language
            return " / ".join(data["accepted"])
        lang = (get_language() or "en")[:2]
        return " / ".join(by_language.get(lang) or by_language.get("en") or data["accepted"])
    if kind == QuestionKind.NUMERIC and data["number"] is not None:
        tolerance = grading.plain_number(data["tolerance"] or 0)
        return grading.plain_number(data["number"]) + (f" ± {tolerance}" if tolerance != "0" else "")
    texts = [grading.in_language(o["text"]) for o in data["options"]]
    if kind == QuestionKind.ORDERING:
        return " → ".join(texts)
    if kind == QuestionKind.MATCHING:
        return "; ".join(
            f"{t} – {grading.in_language(o['match'])}" for t, o in zip(texts, data["options"], strict=True)
        )
    return ", ".join(grading.in_language(o["text"]) for o in data["options"] if o["correct"])


def learner_quiz_state(quiz, learner):
    """The learner's attempts (newest first) and kept grade for one quiz: two queries."""
    attempts = list(Attempt.objects.filter(quiz=quiz, learner=learner).order_by("-number"))
    grade = QuizGrade.objects.filter(quiz=quiz, learner=learner).first()
    return attempts, grade


def quizzes_with_grades(learner, **filters):
    """Live quizzes matching `filters`, each annotated with the learner's kept grade: one query."""
    grades = QuizGrade.objects.filter(quiz=OuterRef("pk"), learner_id=getattr(learner, "pk", None))
    return list(
        Quiz.objects.filter(live=True, **filters)
        .annotate(
            grade_percent=Subquery(grades.values("percent")[:1]),
            grade_passed=Subquery(grades.values("passed")[:1]),
        )
        .order_by("pk")
    )


def open_attempt_count(quiz):
    return Attempt.objects.filter(quiz=quiz, status=AttemptStatus.OPEN).count()


def shows_immediate(quiz):
    return quiz.feedback_timing == FeedbackTiming.IMMEDIATELY


@dataclass
class LearnerResults:
    """One learner's kept pre-test and post-test grades and how many required quizzes they passed."""

    pre: Decimal | None = None
    post: Decimal | None = None
    required_passed: int = 0

    @property
    def gain(self):
        return None if self.pre is None or self.post is None else self.post - self.pre


def _average(values):
    values = [v for v in values if v is not None]
    return round(sum(values, Decimal(0)) / len(values), 1) if values else None


@dataclass
class CourseResults:
    """Kept grades of a group of learners in a course's pre-test, post-test and required quizzes."""

    pre_test: Quiz | None = None
    post_test: Quiz | None = None
    required_total: int = 0
    by_learner: dict = field(default_factory=dict)

    def of(self, learner_id):
        return self.by_learner.get(learner_id) or LearnerResults()

    def required_met(self, learner_id):
        """Whether the learner passed every required quiz; None when the course requires none."""
        return None if not self.required_total else self.of(learner_id).required_passed >= self.required_total

    def averages(self, learner_ids):
        """Average pre-test, post-test and gain over the learners who have each, and how many met the quizzes."""
        rows = [self.of(pk) for pk in learner_ids]
        return {
            "pre": _average(r.pre for r in rows),
            "post": _average(r.post for r in rows),
            "gain": _average(r.gain for r in rows),
            "required_met": sum(1 for pk in learner_ids if self.required_met(pk)),
        }


def course_results(course_id, learner_ids):
    """Kept grades of these learners in the course's pre/post tests and required quizzes: two queries.

    "Required" is what the completion rule counts (assessments.completion): live quizzes
    required for completion, passed by the kept grade.
    """
    quizzes = list(
        Quiz.objects.filter(course_id=course_id).filter(
            Q(role__in=[QuizRole.PRE_TEST, QuizRole.POST_TEST]) | Q(live=True, required_for_completion=True)
        )
    )
    results = CourseResults()
    required = set()
    for quiz in quizzes:
        if quiz.role == QuizRole.PRE_TEST:
            results.pre_test = quiz
        elif quiz.role == QuizRole.POST_TEST:
            results.post_test = quiz
        if quiz.live and quiz.required_for_completion:
            required.add(quiz.pk)
    results.required_total = len(required)
    learner_ids = list(learner_ids)
    if not quizzes or not learner_ids:
        return results
    grades = QuizGrade.objects.filter(quiz_id__in=[q.pk for q in quizzes], learner_id__in=learner_ids)
    for quiz_id, learner_id, percent, passed in grades.values_list("quiz_id", "learner_id", "percent", "passed"):
        row = results.by_learner.setdefault(learner_id, LearnerResults())
        if results.pre_test is not None and quiz_id == results.pre_test.pk:
            row.pre = percent
        if results.post_test is not None and quiz_id == results.post_test.pk:
            row.post = percent
        if passed and quiz_id in required:
            row.required_passed += 1
    return results

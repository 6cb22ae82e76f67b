"""Reads shared by the quiz pages, in a fixed number of queries whatever the number of questions."""

from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from . import grading
from .models import Answer, Attempt, AttemptStatus, FeedbackTiming, QuestionKind, Quiz, QuizGrade


def live_quiz(quiz_uuid):
    return Quiz.objects.select_related("course").filter(uuid=quiz_uuid, live=True).first()


def learner_attempt(attempt_uuid, learner):
    """The learner's own attempt with its quiz and answers (two queries); None for anyone else's."""
    attempt = Attempt.objects.select_related("quiz", "quiz__course").filter(uuid=attempt_uuid, learner=learner).first()
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
        stem=grading.in_language(data["stem"]),
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
        shown.general_feedback = grading.in_language(data["feedback"])
        shown.score = answer.score if answer.score is not None else grading.score(data, answer.response)
        shown.correct_text = _correct_text(data)
    return shown


def _correct_text(data):
    kind = data["kind"]
    if kind == QuestionKind.SHORT_TEXT:
        return " / ".join(data["accepted"])
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

"""Figures for trainers and HR: per quiz, per question (item analysis), pre/post-test knowledge gain.

Every function reads only the attempts of learners the user may see (the Attempt policy's
"read_results", asked through `visible_to`, joined in as a subquery) and runs a fixed number of
queries. Exports hand the same rows to core.exports (formula-safe, saying what they hold).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext as _

from core.exports import Export
from core.permissions import visible_to
from core.richtext import to_plain_text
from people.permissions import is_administrator

from . import grading
from .models import CHOICE_KINDS, Answer, Attempt, AttemptStatus, Quiz, QuizGrade, QuizRole

READ_RESULTS = "assessments.read_results"


def visible_attempts(user, **filters):
    """Submitted attempts matching `filters` whose learners the user may read results of (lazy)."""
    return visible_to(user, READ_RESULTS, Attempt.objects.filter(status=AttemptStatus.SUBMITTED, **filters))


def quiz_summary(quiz, user):
    attempts = visible_attempts(user, quiz=quiz)
    row = attempts.aggregate(
        attempts=Count("pk"),
        learners=Count("learner", distinct=True),
        average=Avg("percent"),
        passed=Count("pk", filter=Q(passed=True)),
    )
    row["pass_rate"] = round(100 * row["passed"] / row["attempts"], 1) if row["attempts"] else None
    row["average"] = round(row["average"], 1) if row["average"] is not None else None
    return row


@dataclass
class ItemRow:
    question_id: int
    stem: str
    answered: int = 0
    full_credit: int = 0
    option_counts: dict = field(default_factory=dict)  # option id -> [text, count, correct]

    @property
    def share_correct(self):
        return round(100 * self.full_credit / self.answered, 1) if self.answered else None

    def option_shares(self):
        return [
            (text, round(100 * count / self.answered, 1) if self.answered else 0, correct)
            for text, count, correct in self.option_counts.values()
        ]


def item_analysis(quiz, user):
    """Per question: how many answered, the share with full credit, and the share choosing each option."""
    answers = Answer.objects.filter(attempt__in=visible_attempts(user, quiz=quiz)).select_related("version")
    rows = {}
    for answer in answers.order_by("version__question_id", "-version_id"):
        data = answer.version.data
        row = rows.get(answer.version.question_id)
        if row is None:
            row = rows[answer.version.question_id] = ItemRow(
                answer.version.question_id, to_plain_text(grading.rich_text(data, "stem"))
            )
            for option in data["options"] if data["kind"] in CHOICE_KINDS else ():
                row.option_counts[option["id"]] = [grading.in_language(option["text"]), 0, option["correct"]]
        row.answered += 1
        if answer.score is not None and answer.score >= data["points"]:
            row.full_credit += 1
        response = answer.response or {}
        if data["kind"] in CHOICE_KINDS:
            chosen = response.get("choices", []) + ([response["choice"]] if "choice" in response else [])
            for pk in chosen:
                if pk in row.option_counts:
                    row.option_counts[pk][1] += 1
    return list(rows.values())


@dataclass
class GainRow:
    learner: object
    pre: Decimal | None = None
    post: Decimal | None = None

    @property
    def gain(self):
        return None if self.pre is None or self.post is None else self.post - self.pre


def knowledge_gain(course, user):
    """Per learner in scope: kept pre-test and post-test grade, and the gain (post minus pre). Two queries."""
    tests = {q.role: q for q in Quiz.objects.filter(course=course, role__in=[QuizRole.PRE_TEST, QuizRole.POST_TEST])}
    kept = QuizGrade.objects.filter(quiz__in=list(tests.values()), attempt__in=visible_attempts(user))
    grades = kept.select_related("learner", "learner__staff_profile")
    rows = {}
    for grade in grades.order_by("learner__username"):
        row = rows.setdefault(grade.learner_id, GainRow(grade.learner))
        if grade.quiz_id == getattr(tests.get(QuizRole.PRE_TEST), "pk", None):
            row.pre = grade.percent
        else:
            row.post = grade.percent
    rows = list(rows.values())
    gains = [row.gain for row in rows if row.gain is not None]
    average = round(sum(gains) / len(gains), 1) if gains else None
    return tests, rows, average


def learner_name(user):
    profile = getattr(user, "staff_profile", None)
    return profile.display_name if profile is not None else user.get_username()


def quiz_export(quiz, user):
    """Item analysis as a table: a row per question, then a row per option with its share."""
    columns = [_("Question"), _("Answered"), _("Share correct (%)"), _("Option"), _("Share choosing (%)"), _("Correct")]
    rows = []
    for item in item_analysis(quiz, user):
        rows.append([item.stem, item.answered, _number(item.share_correct), "", "", ""])
        for text, share, correct in item.option_shares():
            rows.append(["", "", "", text, _number(share), _("yes") if correct else ""])
    return Export(
        key=f"quiz-figures-{quiz.uuid}",
        title=_("Quiz figures: %(quiz)s") % {"quiz": quiz.title},
        columns=columns,
        rows=rows,
        scope=_scope(user),
    )


def gain_export(course, user):
    _tests, rows, _average = knowledge_gain(course, user)
    columns = [_("Learner"), _("Pre-test (%)"), _("Post-test (%)"), _("Knowledge gain (points)")]
    return Export(
        key=f"knowledge-gain-{course.slug}",
        title=_("Knowledge gain: %(course)s") % {"course": course.title},
        columns=columns,
        rows=[[learner_name(r.learner), _number(r.pre), _number(r.post), _number(r.gain)] for r in rows],
        scope=_scope(user),
    )


def _number(value):
    """Decimals as numbers a spreadsheet can add up (core.exports keeps ints and floats as numbers)."""
    return float(value) if isinstance(value, Decimal) else value


def _scope(user):
    return _("All learners") if is_administrator(user) else _("Learners whose results you may read")

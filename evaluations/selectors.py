"""Reads: which survey a course uses, what to offer a learner, and the results a viewer may see.

Query budgets (pinned in tests/evaluations/test_query_counts.py):
- `offer_for_course` and `offers_for`: one query each (the course page and My learning).
- `course_summaries`: two queries (counts per course, the courses' titles).
- `results`: a fixed number whatever the number of answers: the counts of the view and of each
  wider view in one query, the questions, the view's responses, their answers, and the names of
  the provinces and cohorts in the breakdowns. Figures are computed in Python from one read of
  the answers, so they are the answers' own figures.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Exists, OuterRef, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort, Participation
from core.permissions import visible_to
from courses.models import CoursePage, Enrolment
from people.models import Province, Sex

from . import anonymity
from .models import RATING_MAX, RATING_MIN, Answer, Disclosure, Question, Respondent, Response, Survey


def _survey_q(course_id_ref, tier_ref):
    return Q(is_active=True) & (Q(course_id=course_id_ref) | Q(course__isnull=True, tier=tier_ref))


def survey_for(course):
    """The survey offered for `course`: its own (if active), else its tier's default; None if neither."""
    surveys = Survey.objects.filter(_survey_q(course.pk, course.tier)).prefetch_related("questions")
    found = sorted(surveys, key=lambda s: s.course_id is None)
    return found[0] if found else None


def offer_for_course(user, course):
    """Whether to offer the survey on a completed course's page: True unless none or answered (one query)."""
    answered = Respondent.objects.filter(person_id=user.pk, course_id=course.pk)
    return Survey.objects.filter(_survey_q(course.pk, course.tier)).exclude(Exists(answered)).exists()


def offers_for(user):
    """The user's completed courses with a survey not yet answered, for My learning (one query)."""
    answered = Respondent.objects.filter(person_id=user.pk, course_id=OuterRef("course_id"))
    own = Survey.objects.filter(is_active=True, course_id=OuterRef("course_id"))
    default = Survey.objects.filter(is_active=True, course__isnull=True, tier=OuterRef("course__tier"))
    return list(
        Enrolment.objects.filter(learner_id=user.pk, completed_at__isnull=False)
        .exclude(Exists(answered))
        .filter(Q(Exists(own)) | Q(Exists(default)))
        .select_related("course")
        .order_by("-completed_at")
    )


def completed_enrolment(user, course):
    return Enrolment.objects.filter(learner_id=user.pk, course_id=course.pk, completed_at__isnull=False).first()


def has_answered(user, course):
    return Respondent.objects.filter(person_id=user.pk, course_id=course.pk).exists()


def cohort_of(enrolment):
    """The cohort a completed enrolment came through (the latest registered one), or None."""
    return (
        Participation.objects.filter(enrolment_id=enrolment.pk, status=Participation.Status.REGISTERED)
        .order_by("-cohort__end_date", "-cohort_id")
        .values_list("cohort_id", flat=True)
        .first()
    )


# Results -------------------------------------------------------------------------------------


@dataclass
class Filters:
    """The course read, and the filters that narrow its answers (each one a group of respondents)."""

    course: CoursePage | None = None
    cohort: Cohort | None = None
    province: Province | None = None
    sex: str = ""
    disability: str = ""

    def narrowing(self) -> dict[str, Q]:
        found = {}
        if self.cohort is not None:
            found["cohort"] = Q(cohort_id=self.cohort.pk)
        if self.province is not None:
            found["province"] = Q(province_id=self.province.pk)
        if self.sex:
            found["sex"] = Q(sex=self.sex)
        if self.disability:
            found["disability"] = Q(disability=self.disability)
        return found

    def described(self) -> list[tuple[str, str]]:
        """(label, value) of the filters chosen, for export title rows."""
        return [
            (str(_("Course")), str(self.course.title) if self.course else ""),
            (str(_("Cohort")), str(self.cohort) if self.cohort else ""),
            (str(_("Province")), str(self.province) if self.province else ""),
            (str(_("Sex")), str(Sex(self.sex).label) if self.sex else ""),
            (str(_("Disability")), str(Disclosure(self.disability).label) if self.disability else ""),
        ]


def visible_responses(user):
    return visible_to(user, "evaluations.view_results", Response.objects.all())


@dataclass
class Bar:
    label: str
    count: int
    percent: float


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    average: float | None = None
    bars: list[Bar] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


@dataclass
class GroupRow:
    label: str
    count: int
    shown: bool
    averages: list[float | None] = field(default_factory=list)


@dataclass
class Breakdown:
    key: str
    title: str
    rows: list[GroupRow]


@dataclass
class Results:
    count: int
    verdict: anonymity.Verdict
    minimum: int
    questions: list[QuestionResult] = field(default_factory=list)
    rating_questions: list[Question] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)


def _average(values):
    return round(sum(values) / len(values), 2) if values else None


def results(user, filters: Filters) -> Results:
    """The figures of one course's answers that `user` may see, filtered, with the anonymity rules applied."""
    minimum = anonymity.minimum_answers()
    base = visible_responses(user).filter(course_id=filters.course.pk)
    narrowing = filters.narrowing()
    everything = Q()
    for condition in narrowing.values():
        everything &= condition
    counts = {"view": Count("id", filter=everything)}
    for name in narrowing:
        wider = Q()
        for other, condition in narrowing.items():
            if other != name:
                wider &= condition
        counts[name] = Count("id", filter=wider)
    totals = base.aggregate(**counts)
    verdict = anonymity.view_verdict(totals["view"], [totals[name] for name in narrowing], minimum=minimum)
    outcome = Results(count=totals["view"], verdict=verdict, minimum=minimum)
    if not verdict.shown:
        return outcome

    view = base.filter(everything)
    responses = list(view.values_list("id", "province_id", "sex", "disability", "cohort_id"))
    answers = list(
        Answer.objects.filter(response__in=view.values("id")).values_list(
            "response_id", "question_id", "rating", "choices", "text"
        )
    )
    question_ids = {question_id for _r, question_id, *_rest in answers}
    questions = list(
        Question.objects.filter(pk__in=question_ids).select_related("survey").order_by("survey_id", "sort_order", "pk")
    )
    language = get_language()
    by_question = defaultdict(list)
    for row in answers:
        by_question[row[1]].append(row)
    for question in questions:
        rows = by_question[question.pk]
        result = QuestionResult(question=question, answered=len(rows))
        if question.kind == Question.Kind.RATING:
            marks = [rating for _r, _q, rating, _c, _t in rows if rating is not None]
            tally = Counter(marks)
            result.answered = len(marks)
            result.average = _average(marks)
            for value in range(RATING_MIN, RATING_MAX + 1):
                label = str(value)
                if value == RATING_MIN and question.low_label:
                    label = f"{value} – {question.low_label}"
                elif value == RATING_MAX and question.high_label:
                    label = f"{value} – {question.high_label}"
                result.bars.append(Bar(label, tally[value], _percent(tally[value], len(marks))))
        elif question.is_choice:
            chosen = [choices for _r, _q, _rating, choices, _t in rows if choices]
            tally = Counter(position for choices in chosen for position in choices)
            result.answered = len(chosen)
            for position, label in enumerate(question.option_list(language)):
                result.bars.append(Bar(label, tally[position], _percent(tally[position], len(chosen))))
        else:
            # Sorted by their words, never by when they were given.
            result.texts = sorted(text.strip() for _r, _q, _rating, _c, text in rows if text.strip())
            result.answered = len(result.texts)
        outcome.questions.append(result)
    outcome.rating_questions = [q for q in questions if q.kind == Question.Kind.RATING]
    outcome.breakdowns = _breakdowns(responses, answers, outcome.rating_questions, minimum=minimum)
    return outcome


def _percent(part, whole):
    return round(100 * part / whole, 1) if whole else 0.0


BREAKDOWN_TITLES = {
    "cohort": _("By cohort"),
    "province": _("By province"),
    "sex": _("By sex"),
    "disability": _("By disability"),
}


def _breakdowns(responses, answers, rating_questions, *, minimum):
    group_of = {key: {} for key in BREAKDOWN_TITLES}
    for response_id, province_id, sex, disability, cohort_id in responses:
        group_of["cohort"][response_id] = cohort_id
        group_of["province"][response_id] = province_id
        group_of["sex"][response_id] = sex
        group_of["disability"][response_id] = disability
    provinces = Province.objects.in_bulk({p for _i, p, *_r in responses if p})
    cohorts = Cohort.objects.in_bulk({c for *_r, c in responses if c})
    labels = {
        "cohort": lambda value: str(cohorts[value]) if value in cohorts else str(_("Self-paced (no cohort)")),
        "province": lambda value: str(provinces[value]) if value in provinces else str(_("Not stated")),
        "sex": lambda value: str(Sex(value).label) if value in Sex.values else str(_("Not stated")),
        "disability": lambda value: str(Disclosure(value).label) if value in Disclosure.values else str(value),
    }
    marks = defaultdict(list)  # (dimension, group, question) → marks
    for response_id, question_id, rating, _c, _t in answers:
        if rating is None:
            continue
        for key in BREAKDOWN_TITLES:
            marks[key, group_of[key][response_id], question_id].append(rating)
    found = []
    for key, title in BREAKDOWN_TITLES.items():
        counts = Counter(group_of[key].values())
        if len(counts) < 2:
            continue  # one group is the whole view: nothing more to show
        shown = anonymity.breakdown_shown(counts, minimum=minimum)
        rows = []
        for group, count in sorted(counts.items(), key=lambda item: labels[key](item[0])):
            row = GroupRow(label=labels[key](group), count=count, shown=shown[group])
            if row.shown:
                row.averages = [_average(marks[key, group, q.pk]) for q in rating_questions]
            rows.append(row)
        found.append(Breakdown(key=key, title=str(title), rows=rows))
    return found


@dataclass
class CourseSummary:
    course: CoursePage
    count: int
    shown: bool
    average: float | None


def course_summaries(user):
    """Each course with answers the user may read: how many, and the mean mark where enough (two queries)."""
    minimum = anonymity.minimum_answers()
    rows = list(
        visible_responses(user)
        .values("course_id")
        .annotate(n=Count("id", distinct=True), mean=Avg("answers__rating"))
        .order_by("course_id")
    )
    courses = CoursePage.objects.in_bulk([row["course_id"] for row in rows])
    found = []
    for row in rows:
        course = courses.get(row["course_id"])
        if course is None:
            continue
        shown = row["n"] >= minimum
        average = round(row["mean"], 2) if shown and row["mean"] is not None else None
        found.append(CourseSummary(course=course, count=row["n"], shown=shown, average=average))
    return sorted(found, key=lambda summary: str(summary.course.title))


def filter_options(user, course):
    """What the filters may offer for a course: only groups present in the answers the user may read (one query)."""
    rows = list(visible_responses(user).filter(course_id=course.pk).values_list("cohort_id", "province_id").distinct())
    cohort_ids = {c for c, _p in rows if c}
    province_ids = {p for _c, p in rows if p}
    cohorts = list(Cohort.objects.filter(pk__in=cohort_ids).order_by("start_date", "pk")) if cohort_ids else []
    provinces = list(Province.objects.filter(pk__in=province_ids).order_by("name")) if province_ids else []
    return cohorts, provinces

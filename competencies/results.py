"""What the HR pages read from certificates and assessments: certificates issued, knowledge gain.

Competencies reads those apps, never the other way round. Every figure counts only the staff of
`staff_for(scope, filters)` and, for the period, when the certificate was issued or when the
post-test attempt kept as the grade was submitted.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef

from assessments.models import QuizGrade, QuizRole
from certificates.models import IssuedCertificate
from courses.models import CoursePage, Tier

SEXES = ("female", "male")
KEYS = (*SEXES, "total")


def _zeros():
    return dict.fromkeys(KEYS, 0)


def certificates(staff, filters):
    """Certificates issued in the period to these staff, or to anyone (None); valid and revoked alike."""
    start, end = filters.period()
    issued = IssuedCertificate.objects.all()
    if staff is not None:
        issued = issued.filter(holder__staff_profile__in=staff)
    if start:
        issued = issued.filter(issued_at__gte=start)
    if end:
        issued = issued.filter(issued_at__lt=end)
    return issued


def certificate_figures(staff, filters):
    """{tier: {"valid": by sex, "revoked": by sex}} for every tier, then the total: one query."""
    figures = {tier: {"valid": _zeros(), "revoked": _zeros()} for tier in Tier.values}
    total = {"valid": _zeros(), "revoked": _zeros()}
    rows = (
        certificates(staff, filters)
        .order_by()
        .values("enrolment__course__tier", "status", "holder__staff_profile__sex")
        .annotate(n=Count("id"))
    )
    for row in rows:
        sex, tier = row["holder__staff_profile__sex"], row["enrolment__course__tier"]
        kind = "valid" if row["status"] == IssuedCertificate.Status.VALID else "revoked"
        keys = (sex, "total") if sex in SEXES else ("total",)
        for counts in (figures.setdefault(tier, {"valid": _zeros(), "revoked": _zeros()}), total):
            for key in keys:
                counts[kind][key] += row["n"]
    return figures, total


def post_tests(filters):
    """Kept post-test grades whose attempt was submitted in the period."""
    start, end = filters.period()
    grades = QuizGrade.objects.filter(quiz__role=QuizRole.POST_TEST)
    if start:
        grades = grades.filter(attempt__submitted_at__gte=start)
    if end:
        grades = grades.filter(attempt__submitted_at__lt=end)
    return grades


def with_both_tests(staff, filters, course_id=None):
    """These staff, narrowed to those with a pre-test grade and a post-test grade (in the period) in one course."""
    pre = QuizGrade.objects.filter(
        quiz__role=QuizRole.PRE_TEST, learner_id=OuterRef("learner_id"), quiz__course_id=OuterRef("quiz__course_id")
    )
    post = post_tests(filters).filter(learner_id=OuterRef("user_id")).filter(Exists(pre))
    if course_id is not None:
        post = post.filter(quiz__course_id=course_id)
    return staff.filter(Exists(post))


def _within(moment, start, end):
    if moment is None:
        return start is None and end is None
    return (start is None or moment >= start) and (end is None or moment < end)


@dataclass
class Averages:
    """Pre-test, post-test and gain of the people with both grades, by sex."""

    people: dict = field(default_factory=_zeros)
    pre: dict = field(default_factory=lambda: dict.fromkeys(KEYS, Decimal(0)))
    post: dict = field(default_factory=lambda: dict.fromkeys(KEYS, Decimal(0)))

    def add(self, sex, pre, post):
        for key in (sex, "total") if sex in SEXES else ("total",):
            self.people[key] += 1
            self.pre[key] += pre
            self.post[key] += post

    def average(self, key):
        """(pre, post, gain) averages for one key, one decimal; None without people."""
        n = self.people[key]
        if not n:
            return None, None, None
        pre, post = self.pre[key] / n, self.post[key] / n
        return round(float(pre), 1), round(float(post), 1), round(float(post - pre), 1)


def gain_figures(staff, filters):
    """[(course, Averages)] for courses with pre- and post-test grades of these staff, then all courses: two queries.

    A person counts in a course when they hold a kept grade in its pre-test and in its post-test, the
    post-test submitted in the period; the gain is post minus pre (percentage points).
    """
    grades = (
        QuizGrade.objects.filter(
            quiz__role__in=[QuizRole.PRE_TEST, QuizRole.POST_TEST], learner__staff_profile__in=staff
        )
        .order_by()
        .values_list(
            "quiz__course_id",
            "quiz__role",
            "learner_id",
            "learner__staff_profile__sex",
            "percent",
            "attempt__submitted_at",
        )
    )
    start, end = filters.period()
    pairs = defaultdict(dict)
    for course_id, role, learner_id, sex, percent, submitted_at in grades:
        if role == QuizRole.POST_TEST and not _within(submitted_at, start, end):
            continue
        pairs[(course_id, learner_id)]["sex"] = sex
        pairs[(course_id, learner_id)][role] = percent
    by_course = defaultdict(Averages)
    total = Averages()
    for (course_id, _learner_id), pair in pairs.items():
        if QuizRole.PRE_TEST in pair and QuizRole.POST_TEST in pair:
            for averages in (by_course[course_id], total):
                averages.add(pair["sex"], pair[QuizRole.PRE_TEST], pair[QuizRole.POST_TEST])
    courses = CoursePage.objects.filter(pk__in=list(by_course)).order_by("title", "pk") if by_course else []
    return [(course, by_course[course.pk]) for course in courses], total

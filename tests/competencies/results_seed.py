"""Certificates and pre/post-test grades for the HR panels, written straight to the records."""

import itertools
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from assessments.models import Attempt, AttemptStatus, QuizGrade, QuizRole
from certificates.models import IssuedCertificate

from ..assessments.helpers import make_quiz
from ..factories import make_course, make_staff
from .helpers import complete

_serial = itertools.count(1)


def certify(user, course, *, days_ago=1, revoked=False):
    enrolment = complete(user, course)
    number = next(_serial)
    certificate = IssuedCertificate.objects.create(
        enrolment=enrolment,
        holder=user,
        serial=f"T-{number:06d}",
        code=f"code{number:028d}",
        language="en",
        holder_name_latin=user.username,
        completed_on=timezone.localdate(),
        hours=Decimal("2.0"),
        status=IssuedCertificate.Status.REVOKED if revoked else IssuedCertificate.Status.VALID,
    )
    IssuedCertificate.objects.filter(pk=certificate.pk).update(issued_at=timezone.now() - timedelta(days=days_ago))
    return certificate


def grade(user, quiz, percent, *, days_ago=1):
    attempt = Attempt.objects.create(
        quiz=quiz,
        learner=user,
        number=1,
        status=AttemptStatus.SUBMITTED,
        submitted_at=timezone.now() - timedelta(days=days_ago),
        percent=Decimal(percent),
        passed=True,
    )
    return QuizGrade.objects.create(quiz=quiz, learner=user, attempt=attempt, percent=Decimal(percent), passed=True)


def tested_course(tier="self_paced"):
    course = make_course(modules=0, lessons=0, tier=tier)
    pre = make_quiz(course, title="Before", role=QuizRole.PRE_TEST)
    post = make_quiz(course, title="After", role=QuizRole.POST_TEST)
    return course, pre, post


def seed_results(size=1):
    """Staff in KH-12, KH-17 and LA-SV, both sexes; certificates (valid, revoked, one old) in two
    tiers; pre/post-test grades in two courses, some people with only one test, one post-test old."""
    online = make_course(modules=0, lessons=0, tier="self_paced")
    provincial = make_course(modules=0, lessons=0, tier="provincial")
    first, first_pre, first_post = tested_course()
    second, second_pre, second_post = tested_course("provincial")
    only_pre, only_pre_quiz, _unused = tested_course()
    places = [("KH", "KH-12"), ("KH", "KH-17"), ("LA", "LA-SV")]
    for round_ in range(size):
        for index, (country, province) in enumerate(places):
            for sex in ("female", "male"):
                a = make_staff(country=country, province=province, sex=sex, disability="visual" if index else "")
                b = make_staff(country=country, province=province, sex=sex)
                certify(a, online)
                certify(b, online, revoked=True)
                certify(b, provincial, days_ago=400)  # outside a one-year period
                if sex == "female" or index:
                    certify(a, provincial)
                step = 10 * index + round_ + (5 if sex == "male" else 0)
                grade(a, first_pre, 30 + step)
                grade(a, first_post, 55 + 2 * step)
                grade(b, first_pre, 40 + step)
                grade(b, first_post, 80 - step)
                grade(a, second_pre, 20 + step)
                grade(a, second_post, 60 + step, days_ago=400)  # post-test outside a one-year period
                grade(b, second_post, 70)  # no pre-test: not counted
                grade(b, only_pre_quiz, 50)  # course without a post-test grade: not counted
    return {"first": first, "second": second, "online": online, "provincial": provincial, "only_pre": only_pre}

"""Races on PostgreSQL: many certificates issued at the same instant get unique, gap-free serials."""

import pytest

from certificates.models import IssuedCertificate
from certificates.services import issue_certificate
from courses.models import Enrolment
from tests.factories import is_postgres, make_course

from ..concurrency import run_together
from .helpers import completed_enrolment

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.postgres,
    pytest.mark.skipif(not is_postgres(), reason="concurrency is proven on PostgreSQL (set DATABASE_URL)"),
]


def _issue(pk):
    return lambda: issue_certificate(enrolment=Enrolment.objects.get(pk=pk))


def test_concurrent_issuing_gives_unique_consecutive_serials(db):
    course = make_course(modules=1, lessons=1)
    enrolments = [completed_enrolment(course=course) for _ in range(12)]
    run_together([_issue(e.pk) for e in enrolments])
    serials = sorted(IssuedCertificate.objects.values_list("serial", flat=True))
    year = IssuedCertificate.objects.first().issued_at.year
    assert serials == [f"KH-{year}-{n:06d}" for n in range(1, 13)]


def test_the_same_enrolment_completed_at_once_gets_one_certificate(db):
    course = make_course(modules=1, lessons=1)
    enrolment = completed_enrolment(course=course)
    run_together([_issue(enrolment.pk) for _ in range(6)])
    assert IssuedCertificate.objects.filter(enrolment=enrolment).count() == 1
    # the losers rolled their serial back with them: the next one follows without a gap
    other, _ = issue_certificate(enrolment=completed_enrolment(course=course))
    assert other.serial.endswith("-000002")

"""Across apps: completing a course issues a real certificate and grants the course's competency;
revoking the certificate (certificates.services) withdraws that competency (competencies listens
to certificate_revoked)."""

import pytest

from certificates.models import IssuedCertificate
from certificates.services import revoke_certificate
from competencies.models import Competency, CompetencyArea, CompetencyRecord, CourseCompetency, ProficiencyLevel
from courses.services import complete_lesson, enrol
from people.models import Role
from tests.factories import lessons_of, make_course, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def granting_course():
    course = make_course(modules=1, lessons=2)
    area = CompetencyArea.objects.create(code="serving", name="Serving")
    competency = Competency.objects.create(area=area, code="counselling", name="Counselling")
    level = ProficiencyLevel.objects.create(rank=1, code="basic", name="Basic")
    CourseCompetency.objects.create(course=course, competency=competency, level=level, validity_months=24)
    return course


def test_revoking_the_certificate_withdraws_the_competency_it_granted(
    granting_course, django_capture_on_commit_callbacks
):
    learner = make_staff(country="KH", preferred_language="km")
    enrolment = enrol(learner=learner, course=granting_course)
    with django_capture_on_commit_callbacks(execute=True):
        for lesson in lessons_of(granting_course):
            complete_lesson(enrolment=enrolment, lesson=lesson)

    certificate = IssuedCertificate.objects.get(enrolment=enrolment)  # issued by the completion event
    assert certificate.is_valid and certificate.is_ready  # a real, stored PDF
    with certificate.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    record = CompetencyRecord.objects.get(person=learner)
    assert record.enrolment_id == enrolment.pk and record.is_held

    with django_capture_on_commit_callbacks(execute=True):
        revoke_certificate(certificate=certificate, by=make_staff(roles=[Role.ADMINISTRATOR]), reason="Fraud")

    record.refresh_from_db()
    assert record.withdrawn_at is not None and not record.is_held
    assert record.withdrawn_reason
    assert not CompetencyRecord.objects.filter(person=learner).held().exists()
    certificate.refresh_from_db()
    assert certificate.status == IssuedCertificate.Status.REVOKED


def test_a_competency_without_a_revoked_certificate_stays_held(granting_course, django_capture_on_commit_callbacks):
    """The withdrawal follows the revoked certificate only: another holder's record is untouched."""
    first, second = make_staff(), make_staff()
    for learner in (first, second):
        enrolment = enrol(learner=learner, course=granting_course)
        with django_capture_on_commit_callbacks(execute=True):
            for lesson in lessons_of(granting_course):
                complete_lesson(enrolment=enrolment, lesson=lesson)
    with django_capture_on_commit_callbacks(execute=True):
        revoke_certificate(certificate=IssuedCertificate.objects.get(holder=first), by=None, reason="Error")
    assert not CompetencyRecord.objects.filter(person=first).held().exists()
    assert CompetencyRecord.objects.filter(person=second).held().count() == 1

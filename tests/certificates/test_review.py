"""Attendance that falls below the rule after completion flags the certificate for an
administrator's review: not revoked, not silently kept; visible and filterable in the HR list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certificates.models import IssuedCertificate
from certificates.services import issue_certificate
from cohorts.signals import attendance_fell_below
from people.models import Role
from tests.factories import make_staff

from .helpers import attach_fake_pdf, completed_enrolment, make_hr

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(course):
    certificate, _ = issue_certificate(enrolment=completed_enrolment(course=course))
    return attach_fake_pdf(certificate)


def test_attendance_falling_below_flags_the_certificate_for_review(certificate):
    attendance_fell_below.send(sender=None, enrolment=certificate.enrolment)
    certificate.refresh_from_db()
    assert certificate.needs_review and certificate.review_flagged_at is not None
    assert "Attendance fell below" in certificate.review_reason
    assert certificate.is_valid  # not revoked: an administrator decides
    assert certificate.events.filter(action="flagged").count() == 1


def test_an_enrolment_without_a_certificate_is_left_alone(course):
    enrolment = completed_enrolment(course=course)
    attendance_fell_below.send(sender=None, enrolment=enrolment)
    assert not IssuedCertificate.objects.exists()


def test_hr_list_shows_and_filters_the_flagged_certificates(client, course, certificate):
    other = attach_fake_pdf(issue_certificate(enrolment=completed_enrolment(course=course))[0])
    attendance_fell_below.send(sender=None, enrolment=certificate.enrolment)
    client.force_login(make_hr())
    html = client.get("/km/certificates/issued/", {"review": "needed"}).content.decode()
    assert certificate.serial in html and other.serial not in html
    assert "ត្រូវពិនិត្យ" in html  # "Needs review" in Khmer
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/km/certificates/issued/", {"review": "needed"}).status_code == 200
    assert len(ctx.captured_queries) <= 12


def test_an_administrator_keeps_the_certificate_and_the_decision_is_recorded(client, certificate):
    attendance_fell_below.send(sender=None, enrolment=certificate.enrolment)
    admin = make_staff(roles=[Role.ADMINISTRATOR])
    client.force_login(admin)
    url = f"/en/certificates/manage/{certificate.code}/"
    assert "Keep the certificate" in client.get(url).content.decode()
    assert client.post(url, {"action": "keep"}).status_code == 302
    certificate.refresh_from_db()
    assert not certificate.needs_review and certificate.is_valid
    assert certificate.events.get(action="reviewed").actor == admin
    assert client.post(url, {"action": "keep"}).status_code == 409

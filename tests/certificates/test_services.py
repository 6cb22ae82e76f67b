"""Issuing, serials, codes, bulk issue, re-issue and revoke."""

import re

import pytest
from django.test import override_settings
from django_tasks import default_task_backend

from certificates import services
from certificates.models import CertificateEvent, CertificateTemplate, IssuedCertificate
from certificates.signals import certificate_issued, certificate_revoked
from core.errors import ApplicationError
from courses.services import complete_lesson, enrol, evaluate_completion
from people.models import Role
from tests.factories import lessons_of, make_course, make_staff

from .helpers import attach_fake_pdf, completed_enrolment

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_completing_a_course_issues_one_certificate_even_when_completed_twice(
    course, learner, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(services, "store_pdf", lambda *, certificate, **kwargs: certificate)  # no WeasyPrint here
    enrolment = enrol(learner=learner, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        for lesson in lessons_of(course):
            complete_lesson(enrolment=enrolment, lesson=lesson)
    with django_capture_on_commit_callbacks(execute=True):
        complete_lesson(enrolment=enrolment, lesson=lessons_of(course)[-1])
        evaluate_completion(enrolment=enrolment)
        services.issue_certificate(enrolment=enrolment)
    certificates = IssuedCertificate.objects.filter(enrolment=enrolment)
    assert certificates.count() == 1
    assert certificates.get().holder == learner
    assert CertificateEvent.objects.filter(action="issued").count() == 1


def test_an_uncompleted_enrolment_gets_no_certificate(course, learner):
    enrolment = enrol(learner=learner, course=course)
    with pytest.raises(ApplicationError):
        services.issue_certificate(enrolment=enrolment)
    assert not IssuedCertificate.objects.exists()


def test_serials_count_per_country_and_year_and_codes_carry_80_random_bits(course):
    kh = [services.issue_certificate(enrolment=completed_enrolment(course=course))[0] for _ in range(2)]
    la = services.issue_certificate(enrolment=completed_enrolment(course=course, country="LA", language="lo"))[0]
    year = kh[0].issued_at.year
    assert [c.serial for c in kh] == [f"KH-{year}-000001", f"KH-{year}-000002"]
    assert la.serial == f"LA-{year}-000001"
    for certificate in (*kh, la):
        assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{16}", certificate.code)  # 16 x 5 bits
    assert len({c.code for c in (*kh, la)}) == 3
    assert services.normalise_code(" " + "-".join([kh[0].code[:8], kh[0].code[8:]]).lower()) == kh[0].code


def test_certificate_speaks_the_holders_language_and_keeps_both_names(course):
    enrolment = completed_enrolment(course=course, country="LA", language="lo", name_native="ສົມພອນ ວົງສາ")
    certificate, created = services.issue_certificate(enrolment=enrolment)
    assert created and certificate.language == "lo"
    assert certificate.holder_name_native == "ສົມພອນ ວົງສາ"
    assert certificate.holder_name_latin == enrolment.learner.get_full_name()
    assert certificate.hours == course.duration_hours


def test_the_most_specific_design_is_chosen(course):
    other = make_course(modules=1, lessons=1)
    general = CertificateTemplate.objects.create(name="general", issuer="NEA")
    by_tier = CertificateTemplate.objects.create(name="tier", issuer="NEA", tier=course.tier)
    by_course = CertificateTemplate.objects.create(name="course", issuer="NEA", course=course)
    CertificateTemplate.objects.create(name="lao", issuer="DSDE", country_id=2, tier="webinar")
    assert services.choose_template(course=course, country_id=None) == by_course
    assert services.choose_template(course=other, country_id=None) == by_tier
    by_tier.delete()
    assert services.choose_template(course=other, country_id=None) == general


def test_issued_signal_is_sent_once_on_commit(course, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, certificate, **kwargs):
        received.append(certificate.serial)

    certificate_issued.connect(receiver)
    try:
        enrolment = completed_enrolment(course=course)
        with django_capture_on_commit_callbacks(execute=True):
            certificate, _ = services.issue_certificate(enrolment=enrolment)
            services.issue_certificate(enrolment=enrolment)
    finally:
        certificate_issued.disconnect(receiver)
    assert received == [certificate.serial]


@override_settings(TASKS=DUMMY_TASKS)
def test_bulk_issue_is_one_background_task_for_the_whole_course(course, django_capture_on_commit_callbacks):
    done = [completed_enrolment(course=course) for _ in range(5)]
    attach_fake_pdf(services.issue_certificate(enrolment=done[0])[0])  # issued and stored: skipped
    enrol(learner=make_staff(), course=course)  # not completed: skipped
    admin = make_staff(roles=[Role.ADMINISTRATOR])
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        summary = services.issue_for_enrolments(enrolments=course.enrolments.all(), issued_by=admin)
    bulk = summary.pop("bulk")
    assert summary == {"queued": 4, "already_issued": 1, "not_completed": 1}
    results = default_task_backend.results
    assert len(results) == 4  # one task per certificate: a dead worker loses one, not the batch
    assert {r.task.name for r in results} == {"issue_certificate"}
    assert sorted(r.kwargs["enrolment_id"] for r in results) == sorted(e.pk for e in done[1:])
    assert sorted(bulk.enrolments.values_list("pk", flat=True)) == sorted(e.pk for e in done[1:])
    assert IssuedCertificate.objects.count() == 1  # nothing rendered while the request waits


def test_bulk_task_issues_every_certificate(course, monkeypatch):
    from certificates.tasks import issue_certificates

    monkeypatch.setattr(services, "store_pdf", lambda *, certificate, **kwargs: certificate)
    enrolments = [completed_enrolment(course=course) for _ in range(3)]
    issue_certificates.call(enrolment_ids=[e.pk for e in enrolments], issued_by_id=None)
    assert IssuedCertificate.objects.filter(enrolment__in=enrolments).count() == 3


def test_reissue_keeps_serial_and_code_and_records_the_old_file(
    course, monkeypatch, django_capture_on_commit_callbacks
):
    enrolment = completed_enrolment(course=course, name_native="ចាន់ សុខា")
    certificate = services.issue_and_store(enrolment=enrolment)
    old_digest = certificate.sha256
    profile = enrolment.learner.staff_profile
    profile.name_native = "ចាន់ សុខារី"
    profile.save()
    admin = make_staff(roles=[Role.ADMINISTRATOR])
    with django_capture_on_commit_callbacks(execute=True):
        services.reissue_certificate(certificate=certificate, by=admin)
    certificate.refresh_from_db()
    assert certificate.holder_name_native == "ចាន់ សុខារី"
    assert certificate.is_ready and certificate.sha256 != old_digest
    assert IssuedCertificate.objects.get(pk=certificate.pk).serial == certificate.serial
    event = certificate.events.get(action="reissued")
    assert event.actor == admin and event.sha256 == old_digest


def test_revoking_needs_a_reason_is_recorded_and_sends_the_signal(course, django_capture_on_commit_callbacks):
    certificate, _ = services.issue_certificate(enrolment=completed_enrolment(course=course))
    admin = make_staff(roles=[Role.ADMINISTRATOR])
    with pytest.raises(ApplicationError):
        services.revoke_certificate(certificate=certificate, by=admin, reason="  ")
    received = []

    def receiver(sender, certificate, **kwargs):
        received.append(certificate.pk)

    certificate_revoked.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.revoke_certificate(certificate=certificate, by=admin, reason="Completed by someone else")
    finally:
        certificate_revoked.disconnect(receiver)
    certificate.refresh_from_db()
    assert certificate.status == "revoked" and certificate.revoked_by == admin and certificate.revoked_at
    assert certificate.revoked_reason == "Completed by someone else"
    assert received == [certificate.pk]
    with pytest.raises(ApplicationError):
        services.revoke_certificate(certificate=certificate, by=admin, reason="again")
    with pytest.raises(ApplicationError):
        services.reissue_certificate(certificate=certificate, by=admin)


@override_settings(TASKS=DUMMY_TASKS)
def test_bulk_issue_queues_again_a_certificate_whose_pdf_was_never_stored(course, django_capture_on_commit_callbacks):
    enrolment = completed_enrolment(course=course)
    services.issue_certificate(enrolment=enrolment)  # recorded, but rendering failed or never ran
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        summary = services.issue_for_enrolments(enrolments=[enrolment], issued_by=None)
    assert summary["queued"] == 1 and summary["already_issued"] == 0 and summary["not_completed"] == 0
    assert len(default_task_backend.results) == 1


@override_settings(TASKS=DUMMY_TASKS)
def test_sweep_queues_again_what_a_dead_worker_left_and_nothing_else(course):
    from datetime import timedelta

    from django.utils import timezone

    from courses.models import Enrolment

    old = timezone.now() - timedelta(hours=1)
    lost_completion = completed_enrolment(course=course)  # its task died before the certificate existed
    no_pdf = completed_enrolment(course=course)
    services.issue_certificate(enrolment=no_pdf)  # issued, then the worker died while rendering
    IssuedCertificate.objects.filter(enrolment=no_pdf).update(issued_at=old)
    Enrolment.objects.filter(pk__in=[lost_completion.pk, no_pdf.pk]).update(completed_at=old)
    completed_enrolment(course=course)  # completed just now: its task may still be on its way
    done = completed_enrolment(course=course)
    attach_fake_pdf(services.issue_certificate(enrolment=done)[0])
    default_task_backend.clear()
    assert services.sweep() == {"queued": 2, "closed": 0}
    queued = sorted(r.kwargs["enrolment_id"] for r in default_task_backend.results)
    assert queued == sorted([lost_completion.pk, no_pdf.pk])

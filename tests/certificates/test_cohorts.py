"""Certificates of a cohort: its trainers (and HR planners in scope) see them and download a ZIP;
its trainers and administrators issue for the whole cohort in one background action; nobody else."""

import io
import uuid
import zipfile

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks import default_task_backend

from certificates.models import IssuedCertificate
from certificates.services import issue_certificate, revoke_certificate
from cohorts.models import Participation
from cohorts.services import withdraw
from people.models import Country, Province, Role
from people.services import grant_role
from tests.cohorts.factories import make_cohort, registered
from tests.factories import make_staff

from .helpers import attach_fake_pdf

pytestmark = pytest.mark.django_db
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
MAX_COHORT_PAGE_QUERIES = 12


def _complete(participation):
    enrolment = participation.enrolment
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["completed_at"])
    return enrolment


def _certify(participation):
    certificate, _created = issue_certificate(enrolment=_complete(participation))
    return attach_fake_pdf(certificate, data=f"%PDF-1.7 {participation.pk}".encode())


def _hr(country="KH", province=None):
    user = make_staff(country=country, roles=[])
    grant_role(
        user=user,
        role=Role.HR_PLANNER,
        country=Country.objects.get(code=country),
        province=Province.objects.get(code=province) if province else None,
    )
    return user


@pytest.fixture
def trainer(db):
    return make_staff(roles=[Role.TRAINER], username="trainer")


@pytest.fixture
def cohort(trainer):
    return make_cohort(trainers=[trainer], capacity=10, province="KH-12")


def _url(cohort, suffix=""):
    return f"/en/certificates/cohorts/{cohort.public_id}/{suffix}"


@override_settings(TASKS=DUMMY_TASKS)
def test_trainer_issues_for_the_whole_cohort_in_one_background_action(
    client, trainer, cohort, django_capture_on_commit_callbacks
):
    people = registered(cohort, 5)
    done = [_complete(p) for p in people[:4]]
    attach_fake_pdf(issue_certificate(enrolment=done[0])[0])  # issued before: skipped
    gone = registered(cohort, 1)[0]
    _complete(gone)
    withdraw(participation=gone)  # withdrawn participants get nothing from the cohort
    other = registered(make_cohort(course=cohort.course, trainers=[make_staff(roles=[Role.TRAINER])]), 1)[0]
    _complete(other)  # same course, another trainer's cohort: not queued
    client.force_login(trainer)
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(cohort, "issue/"))
    assert response.status_code == 302 and response["Location"] == _url(cohort)
    results = default_task_backend.results
    assert {result.task.name for result in results} == {"issue_certificate"}  # one task per certificate
    assert sorted(result.kwargs["enrolment_id"] for result in results) == sorted(e.pk for e in done[1:])
    assert IssuedCertificate.objects.count() == 1  # nothing rendered while the request waits
    html = client.get(response["Location"]).content.decode()
    assert "3 certificates are being issued in the background" in html
    assert "1 were issued before; 1 participants have not completed the course" in html


def test_cohort_issue_runs_the_task_and_stores_each_certificate(
    client, trainer, cohort, monkeypatch, django_capture_on_commit_callbacks
):
    from certificates import services

    monkeypatch.setattr(services, "store_pdf", lambda *, certificate: attach_fake_pdf(certificate))
    people = registered(cohort, 3)
    for participation in people:
        _complete(participation)
    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(cohort, "issue/"))
    certificates = IssuedCertificate.objects.filter(enrolment__participations__cohort=cohort)
    assert certificates.count() == 3
    assert set(certificates.values_list("issued_by", flat=True)) == {trainer.pk}


def test_another_trainer_cannot_see_or_issue_by_changing_the_url(client, cohort):
    certificate = _certify(registered(cohort, 1)[0])
    intruder = make_staff(roles=[Role.TRAINER])
    make_cohort(course=cohort.course, trainers=[intruder])  # trains the same course, not this cohort
    client.force_login(intruder)
    assert client.get(_url(cohort)).status_code == 403
    assert client.get(_url(cohort, "certificates.zip")).status_code == 403
    assert client.post(_url(cohort, "issue/")).status_code == 403
    assert client.get(f"/en/certificates/download/{certificate.code}/").status_code == 403
    assert cohort.title not in client.get("/en/certificates/cohorts/").content.decode()


def test_participants_learners_and_visitors_see_nothing(client, cohort):
    participant = registered(cohort, 1)[0]
    _certify(participant)
    assert client.get(_url(cohort)).status_code == 302  # to the login page
    client.force_login(participant.person)
    assert client.get(_url(cohort)).status_code == 403
    assert client.get(_url(cohort, "certificates.zip")).status_code == 403
    assert client.get("/en/certificates/cohorts/").status_code == 403
    assert "Certificates of my cohorts" not in client.get("/en/certificates/").content.decode()


def test_unknown_cohort_and_wrong_method_get_a_clear_answer(client, trainer, cohort):
    client.force_login(trainer)
    response = client.get(f"/en/certificates/cohorts/{uuid.uuid4()}/")
    assert response.status_code == 404 and "We could not find this cohort." in response.content.decode()
    assert client.get(_url(cohort, "issue/")).status_code == 405
    assert client.get(f"/en/certificates/cohorts/{cohort.pk}/").status_code == 404  # ids are not URLs


def test_trainer_sees_each_participants_status_and_downloads(client, trainer, cohort):
    ready, revoked, preparing, to_issue, still_open = registered(cohort, 5)
    ready_certificate = _certify(ready)
    revoked_certificate = _certify(revoked)
    revoke_certificate(certificate=revoked_certificate, by=make_staff(roles=[Role.ADMINISTRATOR]), reason="Error")
    preparing_certificate, _ = issue_certificate(enrolment=_complete(preparing))
    _complete(to_issue)
    client.force_login(trainer)
    html = client.get("/km/certificates/").content.decode()
    assert "/km/certificates/cohorts/" in html
    html = client.get(_url(cohort)).content.decode()
    assert f'href="/en/certificates/download/{ready_certificate.code}/"' in html
    assert revoked_certificate.serial in html and revoked_certificate.code not in html
    assert preparing_certificate.serial in html and preparing_certificate.code not in html
    assert "Being prepared" in html and "Revoked" in html
    assert "Completed, no certificate yet" in html and "Not completed yet" in html
    assert still_open.person.display_name in html
    assert "Issue certificates for this cohort" in html
    response = client.get(f"/en/certificates/download/{ready_certificate.code}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == f"%PDF-1.7 {ready.pk}".encode()
    assert client.get(f"/en/certificates/download/{revoked_certificate.code}/").status_code == 410


def test_zip_holds_the_cohorts_valid_pdfs_only(client, trainer, cohort):
    mine = [_certify(p) for p in registered(cohort, 3)]
    revoke_certificate(certificate=mine[2], by=None, reason="Error")
    outsider = _certify(registered(make_cohort(course=cohort.course), 1)[0])
    client.force_login(trainer)
    response = client.get(_url(cohort, "certificates.zip"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert cohort.course.slug in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == sorted(f"{c.serial}.pdf" for c in mine[:2])
    assert outsider.serial not in str(archive.namelist())
    assert archive.read(f"{mine[0].serial}.pdf").startswith(b"%PDF-1.7")


def test_hr_planner_in_scope_sees_and_downloads_but_does_not_issue(client, cohort):
    certificate = _certify(registered(cohort, 1)[0])
    inside, outside = _hr(province="KH-12"), _hr(country="LA")
    client.force_login(outside)
    assert client.get(_url(cohort)).status_code == 403
    assert client.get(_url(cohort, "certificates.zip")).status_code == 403
    assert cohort.title not in client.get("/en/certificates/cohorts/").content.decode()
    client.force_login(inside)
    assert cohort.title in client.get("/en/certificates/cohorts/").content.decode()
    html = client.get(_url(cohort)).content.decode()
    assert certificate.serial in html and "Issue certificates for this cohort" not in html
    assert client.get(_url(cohort, "certificates.zip")).status_code == 200
    assert client.post(_url(cohort, "issue/")).status_code == 403


@override_settings(TASKS=DUMMY_TASKS)
def test_administrator_issues_for_any_cohort(client, cohort, django_capture_on_commit_callbacks):
    _complete(registered(cohort, 1)[0])
    client.force_login(make_staff(roles=[Role.ADMINISTRATOR]))
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_url(cohort, "issue/")).status_code == 302
    assert len(default_task_backend.results) == 1


def test_rules_follow_the_cohorts_trainers(trainer, cohort):
    participant = registered(cohort, 1)[0]
    certificate = _certify(participant)
    assert trainer.has_perm("certificates.issue_for_cohort", cohort)
    assert trainer.has_perm("certificates.download", certificate)
    cohort.trainers.remove(trainer)
    cohort = type(cohort).objects.get(pk=cohort.pk)
    assert not trainer.has_perm("certificates.issue_for_cohort", cohort)
    assert not trainer.has_perm("certificates.view_cohort", cohort)
    assert not trainer.has_perm("certificates.download", certificate)
    Participation.objects.filter(pk=participant.pk).update(status=Participation.Status.WITHDRAWN)
    new_trainer = make_staff(roles=[Role.TRAINER])
    cohort.trainers.add(new_trainer)
    assert not new_trainer.has_perm("certificates.download", certificate)  # no longer a participant


def _count(client, url):
    client.get(url)  # warm caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def _filled_cohort(trainer, size):
    cohort = make_cohort(trainers=[trainer], capacity=size)
    people = registered(cohort, size)
    for index, participation in enumerate(people):
        if index % 3 == 0:
            _certify(participation)
        elif index % 3 == 1:
            _complete(participation)
    return cohort


def test_cohort_page_queries_do_not_grow_with_participants(client, trainer):
    client.force_login(trainer)
    small = _count(client, _url(_filled_cohort(trainer, 2)))
    large = _count(client, _url(_filled_cohort(trainer, 24)))
    assert small == large, (small, large)
    assert large <= MAX_COHORT_PAGE_QUERIES


def test_cohort_list_queries_do_not_grow_with_cohorts(client, trainer):
    client.force_login(trainer)
    _filled_cohort(trainer, 2)
    small = _count(client, "/en/certificates/cohorts/")
    for _ in range(5):
        _filled_cohort(trainer, 6)
    large = _count(client, "/en/certificates/cohorts/")
    assert small == large, (small, large)
    assert large <= MAX_COHORT_PAGE_QUERIES


def test_cohort_list_counts_participants_completions_and_certificates(client, trainer):
    cohort = _filled_cohort(trainer, 6)  # 2 certified, 2 more completed, 2 open
    revoke_certificate(certificate=IssuedCertificate.objects.first(), by=None, reason="Error")
    client.force_login(trainer)
    html = client.get("/en/certificates/cohorts/").content.decode()
    assert cohort.title in html
    assert "6 participants · 4 completed · 1 certificates" in html


def test_zip_file_name_is_ascii_for_a_lao_course_slug(client, trainer, cohort):
    _certify(registered(cohort, 1)[0])
    type(cohort.course).objects.filter(pk=cohort.course_id).update(slug="ຫຼັກສູດ")
    client.force_login(trainer)
    response = client.get(_url(cohort, "certificates.zip"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="certificates-cohort-{cohort.start_date:%Y-%m-%d}.zip"'
    )

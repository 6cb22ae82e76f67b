"""Issue 10 item 8: revoking asks for confirmation (a page with the certificate, holder and reason,
then a POST), and the holder is told: one e-mail in their language with the reason, sent by a
background task, and My certificates shows the revoked certificate with the reason."""

import pytest
from django.core import mail
from django.test import override_settings
from django_tasks import default_task_backend

from certificates import services
from certificates.models import IssuedCertificate
from certificates.tasks import notify_holder_of_revocation
from people.models import Role
from tests.factories import make_staff

from .helpers import attach_fake_pdf, completed_enrolment

pytestmark = pytest.mark.django_db
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def certificate(course):
    learner = make_staff(preferred_language="km", email="sokha@example.org")
    enrolment = completed_enrolment(course=course, learner=learner, name_native="ចាន់ សុខា")
    certificate, _ = services.issue_certificate(enrolment=enrolment)
    return attach_fake_pdf(certificate)


@pytest.fixture
def admin_client(client):
    client.force_login(make_staff(roles=[Role.ADMINISTRATOR]))
    return client


def test_revoking_shows_a_confirmation_page_before_anything_changes(admin_client, certificate):
    url = f"/en/certificates/manage/{certificate.code}/"
    response = admin_client.post(url, {"action": "revoke", "reason": "Completed by someone else"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Revoke this certificate?" in html
    assert certificate.serial in html and "ចាន់ សុខា" in html and "Completed by someone else" in html
    assert 'value="confirm_revoke"' in html
    certificate.refresh_from_db()
    assert certificate.is_valid and not certificate.events.filter(action="revoked").exists()

    response = admin_client.post(url, {"action": "confirm_revoke", "reason": "Completed by someone else"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == "revoked" and certificate.revoked_reason == "Completed by someone else"


def test_bad_revocations_are_refused_and_change_nothing(admin_client, certificate):
    url = f"/en/certificates/manage/{certificate.code}/"
    assert admin_client.post(url, {"action": "confirm_revoke", "reason": "  "}).status_code == 400
    assert admin_client.post(url, {"action": "explode"}).status_code == 400
    certificate.refresh_from_db()
    assert certificate.is_valid
    assert admin_client.post(url, {"action": "confirm_revoke", "reason": "Wrong person"}).status_code == 302
    assert admin_client.post(url, {"action": "confirm_revoke", "reason": "again"}).status_code == 409
    assert admin_client.post(url, {"action": "reissue"}).status_code == 409


@override_settings(TASKS=DUMMY_TASKS)
def test_the_holder_is_emailed_once_in_their_language_by_a_background_task(
    certificate, django_capture_on_commit_callbacks
):
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.revoke_certificate(certificate=certificate, by=make_staff(roles=[Role.ADMINISTRATOR]), reason="ឈ្មោះខុស")
    queued = [r for r in default_task_backend.results if r.task.name == "notify_holder_of_revocation"]
    assert len(queued) == 1 and mail.outbox == []  # nothing sent while the request waits
    notify_holder_of_revocation.call(**queued[0].kwargs)
    notify_holder_of_revocation.call(**queued[0].kwargs)  # run twice (a re-queued task): still one e-mail
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sokha@example.org"]
    assert certificate.serial in message.subject
    assert "ឈ្មោះខុស" in message.body
    assert "មូលហេតុនៃការដកហូត" in message.body  # Khmer, the holder's language
    assert "/certificates/" in message.body
    assert IssuedCertificate.objects.get(pk=certificate.pk).holder_notified_at is not None


def test_my_certificates_shows_the_revoked_certificate_with_the_reason(client, certificate):
    services.revoke_certificate(certificate=certificate, by=make_staff(roles=[Role.ADMINISTRATOR]), reason="ឈ្មោះខុស")
    client.force_login(certificate.holder)
    html = client.get("/km/certificates/").content.decode()
    assert certificate.serial in html and "ឈ្មោះខុស" in html
    assert f"/km/certificates/download/{certificate.code}/" not in html

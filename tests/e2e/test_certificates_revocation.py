"""End to end in Chromium on a phone, in Khmer: an administrator revokes a certificate through the
confirmation page (certificate, holder and reason shown before anything changes); the holder is
e-mailed once with the reason and sees the revoked certificate and the reason on My certificates."""

import pytest
from django.core import mail

from certificates.models import IssuedCertificate
from certificates.services import issue_certificate

from ..certificates.helpers import attach_fake_pdf, completed_enrolment
from ..factories import make_course, make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
REASON = "វគ្គសិក្សាត្រូវបានបញ្ចប់ដោយអ្នកផ្សេង"


def _log_in(page, live_server, username):
    page.goto(f"{live_server.url}/km/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pass-word-123")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_revoking_is_confirmed_and_the_holder_is_told_why(live_server, browser, page):
    holder = make_staff(username="e2e-holder", preferred_language="km", email="holder@example.org")
    enrolment = completed_enrolment(course=make_course(modules=1, lessons=1), learner=holder, name_native="ចាន់ ធីតា")
    certificate = attach_fake_pdf(issue_certificate(enrolment=enrolment)[0])
    make_staff(username="e2e-admin", roles=["administrator"], preferred_language="km")

    _log_in(page, live_server, "e2e-admin")
    page.goto(f"{live_server.url}/km/certificates/manage/{certificate.code}/")
    page.fill("textarea[name=reason]", REASON)
    page.click("button[value=revoke]")
    page.wait_for_load_state()
    main = page.inner_text("main")
    assert "ចាន់ ធីតា" in main and certificate.serial in main and REASON in main
    assert IssuedCertificate.objects.get(pk=certificate.pk).is_valid  # nothing changed before confirming
    page.click("button[value=confirm_revoke]")
    page.wait_for_load_state()
    certificate.refresh_from_db()
    assert certificate.status == "revoked" and certificate.revoked_reason == REASON
    # the immediate backend in tests; the issue's own notification e-mail came before
    assert len([message for message in mail.outbox if REASON in message.body]) == 1

    holder_page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    _log_in(holder_page, live_server, "e2e-holder")
    holder_page.goto(f"{live_server.url}/km/certificates/")
    main = holder_page.inner_text("main")
    assert certificate.serial in main and "បានដកហូត" in main and REASON in main

"""End to end in Chromium: completing the last lesson issues a certificate; the learner downloads it,
and anyone scanning its QR code (the short URL) lands on the verification page in their language."""

import hashlib

import pytest

from certificates.models import IssuedCertificate
from courses.services import enrol

from ..factories import lessons_of, make_course, make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_completing_a_course_gives_a_certificate_to_download_and_verify(live_server, page, browser):
    learner = make_staff(username="e2e-cert", preferred_language="km")
    learner.staff_profile.name_native = "ចាន់ ស្រីពៅ"
    learner.staff_profile.save()
    course = make_course(modules=1, lessons=1)
    enrol(learner=learner, course=course)
    lesson = lessons_of(course)[0]

    page.goto(f"{live_server.url}/km/accounts/login/")
    page.fill("#id_username", "e2e-cert")
    page.fill("#id_password", "pass-word-123")
    page.click("main button[type=submit]")
    page.wait_for_url("**/km/learning/")

    page.goto(f"{live_server.url}/km{lesson.url_path[len('/courses') :]}")
    page.click(".complete-form button")
    page.wait_for_load_state()
    certificate = IssuedCertificate.objects.get(holder=learner)
    assert certificate.is_ready and certificate.language == "km"

    page.goto(f"{live_server.url}/km/certificates/")
    assert certificate.serial in page.inner_text("main")
    with page.expect_download() as download_info:
        page.click(f"a[href$='/download/{certificate.code}/']")
    download = download_info.value
    assert download.suggested_filename == f"{certificate.serial}.pdf"
    assert hashlib.sha256(open(download.path(), "rb").read()).hexdigest() == certificate.sha256

    stranger = browser.new_context(viewport={"width": 390, "height": 844}, locale="lo-LA")
    public = stranger.new_page()
    public.goto(f"{live_server.url}/v/{certificate.code}")
    assert public.url.endswith(f"/lo/certificates/verify/{certificate.code}/")
    assert "ໃບຢັ້ງຢືນຖືກຕ້ອງ" in public.inner_text(".verdict")
    assert "ចាន់ ស្រីពៅ" in public.inner_text(".verdict")
    stranger.close()

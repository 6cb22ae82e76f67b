"""End to end in Chromium: a trainer finds their cohort under My certificates, issues its certificates in
one action, and downloads the cohort's PDFs as a ZIP."""

import zipfile

import pytest
from django.utils import timezone

from certificates.models import IssuedCertificate

from ..cohorts.factories import make_cohort, registered
from ..factories import make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_trainer_issues_and_downloads_the_certificates_of_their_cohort(live_server, page, tmp_path):
    trainer = make_staff(username="e2e-trainer", roles=["trainer"], preferred_language="lo", country="LA")
    cohort = make_cohort(trainers=[trainer], country="LA", province="LA-SV")
    done, still_open = registered(cohort, 2, country="LA")
    enrolment = done.enrolment
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["completed_at"])  # completed before the cohort's certificates are issued

    page.goto(f"{live_server.url}/lo/accounts/login/")
    page.fill("#id_username", "e2e-trainer")
    page.fill("#id_password", "pass-word-123")
    page.click("main button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/lo/certificates/")
    page.click("a[href='/lo/certificates/cohorts/']")
    page.click(f"a[href='/lo/certificates/cohorts/{cohort.public_id}/']")
    assert "ຍັງບໍ່ຈົບ" in page.inner_text("main")  # "not completed yet", in Lao
    page.click(f"form[action='/lo/certificates/cohorts/{cohort.public_id}/issue/'] button")
    page.wait_for_load_state()

    certificate = IssuedCertificate.objects.get(enrolment=enrolment)
    assert certificate.is_ready and certificate.issued_by == trainer
    assert not IssuedCertificate.objects.filter(holder=still_open.person).exists()
    main = page.inner_text("main")
    assert "ກຳລັງອອກໃບຢັ້ງຢືນ 1 ໃບ" in main  # "1 certificate is being issued", in Lao
    page.reload()
    assert certificate.serial in page.inner_text("main")
    with page.expect_download() as download_info:
        page.click(f"a[href='/lo/certificates/cohorts/{cohort.public_id}/certificates.zip']")
    path = tmp_path / "cohort.zip"
    download_info.value.save_as(path)
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == [f"{certificate.serial}.pdf"]
        assert archive.read(f"{certificate.serial}.pdf").startswith(b"%PDF-")

"""Public verification, My certificates, downloads by code, and who may download what."""

import pytest

from certificates.services import issue_certificate, revoke_certificate
from people.models import Role
from tests.factories import make_staff

from .helpers import attach_fake_pdf, completed_enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(course, learner):
    certificate, _ = issue_certificate(
        enrolment=completed_enrolment(course=course, learner=learner, name_native="ចាន់ សុខា")
    )
    return attach_fake_pdf(certificate)


def test_verification_page_shows_a_valid_certificate_without_login(client, certificate, course):
    response = client.get(f"/en/certificates/verify/{certificate.code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Valid certificate" in html
    assert "ចាន់ សុខា" in html and certificate.holder_name_latin in html
    assert course.title_en in html and certificate.serial in html
    assert certificate.holder.email not in html and "Province" not in html  # only name, course, date, issuer


@pytest.mark.parametrize("lang,word", [("km", "មិនស្គាល់"), ("lo", "ບໍ່ຮູ້ຈັກ")])
def test_forged_or_mistyped_code_is_unknown(client, certificate, lang, word):
    mistyped = certificate.code[:-1] + ("A" if certificate.code[-1] != "A" else "B")
    for code in (mistyped, "AAAAAAAAAAAAAAAA", "short", certificate.code + "X"):
        response = client.get(f"/{lang}/certificates/verify/{code}/")
        assert response.status_code == 404
        assert word in response.content.decode()
        assert certificate.holder_name_latin not in response.content.decode()


def test_code_is_forgiving_about_case_dashes_and_look_alike_letters(client, certificate):
    typed = "-".join(certificate.code[i : i + 4] for i in range(0, 16, 4)).lower()
    response = client.get("/en/certificates/verify/", {"code": typed}, follow=True)
    assert response.status_code == 200 and "Valid certificate" in response.content.decode()


def test_revoked_certificate_shows_revoked(client, certificate):
    revoke_certificate(certificate=certificate, by=make_staff(roles=[Role.ADMINISTRATOR]), reason="Fraud")
    response = client.get(f"/en/certificates/verify/{certificate.code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "This certificate was revoked" in html and "Valid certificate" not in html
    assert "Fraud" not in html


def test_short_url_redirects_into_the_visitors_language(client, certificate):
    response = client.get(f"/v/{certificate.code}", HTTP_ACCEPT_LANGUAGE="lo")
    assert response.status_code == 302
    assert response["Location"] == f"/lo/certificates/verify/{certificate.code}/"
    client.cookies["elearning_language"] = "km"
    assert client.get(f"/v/{certificate.code}")["Location"].startswith("/km/")


def test_holder_downloads_their_pdf(logged_in, certificate):
    response = logged_in.get(f"/km/certificates/download/{certificate.code}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert certificate.serial in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"


def test_another_learner_cannot_download_by_guessing_the_url(client, certificate):
    other = make_staff(username="curious")
    client.force_login(other)
    assert client.get(f"/km/certificates/download/{certificate.code}/").status_code == 403
    assert client.get(f"/km/certificates/download/{certificate.pk}/").status_code == 404
    assert client.get(f"/km/certificates/manage/{certificate.code}/").status_code == 403
    assert certificate.serial not in client.get("/km/certificates/").content.decode()


def test_anonymous_visitor_is_sent_to_log_in(client, certificate):
    response = client.get(f"/km/certificates/download/{certificate.code}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_hr_planner_downloads_within_scope_only(client, certificate):
    in_scope = make_staff(country="KH", roles=[])
    out_of_scope = make_staff(country="LA", roles=[])
    from people.models import Country
    from people.services import grant_role

    grant_role(user=in_scope, role=Role.HR_PLANNER, country=Country.objects.get(code="KH"))
    grant_role(user=out_of_scope, role=Role.HR_PLANNER, country=Country.objects.get(code="LA"))
    client.force_login(in_scope)
    assert client.get(f"/en/certificates/download/{certificate.code}/").status_code == 200
    client.force_login(out_of_scope)
    assert client.get(f"/en/certificates/download/{certificate.code}/").status_code == 403


def test_my_certificates_lists_mine_in_my_language(logged_in, certificate):
    html = logged_in.get("/km/certificates/").content.decode()
    assert certificate.serial in html
    assert f"/km/certificates/download/{certificate.code}/" in html
    assert "វិញ្ញាបនបត្ររបស់ខ្ញុំ" in html


def test_a_revoked_certificate_is_not_downloaded_by_its_holder(logged_in, certificate):
    revoke_certificate(certificate=certificate, by=make_staff(roles=[Role.ADMINISTRATOR]), reason="Error")
    assert logged_in.get(f"/km/certificates/download/{certificate.code}/").status_code == 410


def test_completed_course_page_offers_the_certificate(logged_in, certificate, course):
    html = logged_in.get(f"/km{course.url_path[len('/courses') :]}").content.decode()
    assert f"/km/certificates/download/{certificate.code}/" in html


def test_admin_revokes_with_a_reason_and_reissues(client, certificate):
    admin = make_staff(roles=[Role.ADMINISTRATOR])
    client.force_login(admin)
    url = f"/en/certificates/manage/{certificate.code}/"
    response = client.post(url, {"action": "revoke", "reason": ""})
    assert response.status_code == 400
    certificate.refresh_from_db()
    assert certificate.is_valid
    assert client.post(url, {"action": "revoke", "reason": "Wrong person"}).status_code == 200  # confirm first
    assert client.post(url, {"action": "confirm_revoke", "reason": "Wrong person"}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == "revoked" and certificate.revoked_by == admin
    assert client.post(url, {"action": "reissue"}).status_code == 409
    assert client.post(url, {"action": "explode"}).status_code == 400


def test_course_page_with_a_certificate_stays_within_the_learner_page_budget(logged_in, certificate, course):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"/km{course.url_path[len('/courses') :]}"
    logged_in.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert logged_in.get(url).status_code == 200
    assert len(ctx.captured_queries) <= 12


def test_short_url_with_a_trailing_slash_still_works(client, certificate):
    response = client.get(f"/v/{certificate.code}/", HTTP_ACCEPT_LANGUAGE="km")
    assert response["Location"] == f"/km/certificates/verify/{certificate.code}/"

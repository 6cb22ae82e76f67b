"""Issue 10 item 7: verification links that work. PUBLIC_BASE_URL is required in production; QR
codes and verification links use it; in development they follow the address serving the request."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings

from certificates.links import verification_url
from certificates.rendering import certificate_html
from certificates.services import issue_certificate

from .helpers import attach_fake_pdf, completed_enrolment, make_hr

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(course):
    certificate, _ = issue_certificate(enrolment=completed_enrolment(course=course))
    return attach_fake_pdf(certificate)


def _production_check(**extra):
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "PUBLIC_BASE_URL")},
        "DJANGO_SETTINGS_MODULE": "elearning.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "learning.example.org",
        **extra,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_public_base_url():
    result = _production_check()
    assert result.returncode != 0 and "PUBLIC_BASE_URL" in result.stderr
    assert _production_check(PUBLIC_BASE_URL="https://learning.example.org").returncode == 0


@override_settings(PUBLIC_BASE_URL="https://learning.example.org/")
def test_qr_code_and_links_use_the_public_base_url(certificate):
    assert verification_url(certificate) == f"https://learning.example.org/v/{certificate.code}"
    html = certificate_html(certificate)
    assert f"https://learning.example.org/v/{certificate.code}" in html
    assert "127.0.0.1:8000" not in html


@override_settings(PUBLIC_BASE_URL="")
def test_in_development_links_follow_the_address_serving_the_site(client, certificate):
    client.force_login(make_hr())
    csv_text = client.get("/en/certificates/issued/export.csv", HTTP_HOST="127.0.0.1:8765").content.decode()
    assert f"http://127.0.0.1:8765/v/{certificate.code}" in csv_text
    assert "127.0.0.1:8000" not in csv_text

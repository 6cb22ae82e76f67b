"""Certificate designs are edited in the Wagtail admin, with their words in Khmer, Lao and English."""

import pytest

from certificates.models import CertificateTemplate
from people.models import Role
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


def test_administrator_edits_designs_in_three_languages(client):
    client.force_login(make_staff(roles=[Role.ADMINISTRATOR]))
    CertificateTemplate.objects.create(name="NEA design", issuer="NEA")
    listing = client.get("/admin/snippets/certificates/certificatetemplate/")
    assert listing.status_code == 200 and "NEA design" in listing.content.decode()
    html = client.get("/admin/snippets/certificates/certificatetemplate/add/").content.decode()
    for field in ("title_km", "title_lo", "body_km", "issuer_lo", "orientation", "signatories-TOTAL_FORMS"):
        assert f'name="{field}"' in html, field


def test_learners_have_no_access_to_designs(logged_in):
    response = logged_in.get("/admin/snippets/certificates/certificatetemplate/")
    assert response.status_code in (302, 403)

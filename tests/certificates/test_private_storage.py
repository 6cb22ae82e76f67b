"""Finding 12: certificate PDFs in private storage, never a plain /media/ file; served only through
the permission-checked download view; names with hidden characters cleaned before printing."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.test import override_settings

from certificates import services
from certificates.models import IssuedCertificate
from people.models import Role
from tests.factories import make_staff

from .helpers import attach_fake_pdf, completed_enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(course, monkeypatch):
    from certificates import rendering

    monkeypatch.setattr(rendering, "render_pdf", lambda certificate, **kwargs: b"%PDF-1.7 private")
    return services.issue_and_store(enrolment=completed_enrolment(course=course))


def test_pdfs_are_stored_outside_media_root_in_the_certificates_storage(stored):
    path = Path(stored.pdf.path).resolve()
    assert stored.pdf.storage is storages["certificates"]
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not default_storage.exists(stored.pdf.name)
    with pytest.raises(ValueError):
        stored.pdf.url  # noqa: B018  (no public URL exists to leak)


@override_settings(DEBUG=True)
def test_media_url_does_not_serve_a_certificate_even_where_media_is_served(client, stored):
    from django.conf.urls.static import static
    from django.test.utils import override_settings as urlconf

    urls = type("urls", (), {"urlpatterns": static("/media/", document_root=settings.MEDIA_ROOT)})
    with urlconf(ROOT_URLCONF=urls):
        assert client.get(f"/media/{stored.pdf.name}").status_code == 404


def test_only_the_download_view_serves_it_and_not_after_revocation(client, stored):
    client.force_login(stored.holder)
    response = client.get(f"/en/certificates/download/{stored.code}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.7 private"
    client.force_login(make_staff())
    assert client.get(f"/en/certificates/download/{stored.code}/").status_code == 403
    admin = make_staff(roles=[Role.ADMINISTRATOR])
    services.revoke_certificate(certificate=stored, by=admin, reason="Error")
    client.force_login(stored.holder)
    assert client.get(f"/en/certificates/download/{stored.code}/").status_code == 410
    client.force_login(admin)
    assert client.get(f"/en/certificates/download/{stored.code}/").status_code == 200


def test_the_migration_moves_existing_pdfs_out_of_media(course):
    from importlib import import_module

    from django.apps import apps

    certificate, _ = services.issue_certificate(enrolment=completed_enrolment(course=course))
    name = default_storage.save("certificates/2026/old.pdf", ContentFile(b"%PDF old"))
    IssuedCertificate.objects.filter(pk=certificate.pk).update(pdf=name, sha256="1" * 64)
    migration = import_module("certificates.migrations.0002_private_pdfs_review_bulk_issue")
    migration.move_pdfs_to_private_storage(apps, None)
    assert not default_storage.exists(name)
    certificate.refresh_from_db()
    with certificate.pdf.open("rb") as handle:
        assert handle.read() == b"%PDF old"
    storages["certificates"].delete(certificate.pdf.name)


@pytest.mark.parametrize(
    "typed,printed",
    [
        ("\u202eanhC\u202c Sokha", "anhC Sokha"),  # right-to-left override: refused characters removed
        ("Chan\u200b Sokha\x07", "Chan Sokha"),  # zero-width space and a control character (BEL)
        ("ស\u200dុខា", "ស\u200dុខា"),  # ZWJ kept: Khmer and Lao need the joiners
        ("ສ\u200cຸກ", "ສ\u200cຸກ"),  # ZWNJ kept
    ],
)
def test_names_with_hidden_characters_are_cleaned_before_printing(course, typed, printed):
    enrolment = completed_enrolment(course=course, name_native=typed)
    # Stored before the name validator existed (or by a path that skipped it): cleaned when printed.
    type(enrolment.learner).objects.filter(pk=enrolment.learner_id).update(first_name=typed, last_name="")
    certificate, _ = services.issue_certificate(enrolment=enrolment)
    assert certificate.holder_name_native == printed
    assert certificate.holder_name_latin == printed
    from certificates.rendering import certificate_html

    html = certificate_html(IssuedCertificate.objects.select_related("enrolment__course").get(pk=certificate.pk))
    assert "\u202e" not in html and "\u200b" not in html


def test_fake_pdf_helper_also_lands_in_private_storage(course):
    certificate, _ = services.issue_certificate(enrolment=completed_enrolment(course=course))
    attach_fake_pdf(certificate)
    assert storages["certificates"].exists(certificate.pdf.name)
    assert not default_storage.exists(certificate.pdf.name)

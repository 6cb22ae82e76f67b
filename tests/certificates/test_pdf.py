"""The PDF itself: Khmer and Lao names shaped with the project's fonts, PDF/A-3b, and a QR code that scans."""

import io
import subprocess

import pypdf
import pytest
import zxingcpp
from PIL import Image

from certificates.links import verification_url
from certificates.services import issue_and_store, store_pdf
from tests.factories import make_course

from .helpers import completed_enrolment

pytestmark = pytest.mark.django_db

KHMER_NAME = "ចាន់ ស្រីពៅ"  # a subscript consonant (coeng ro) and a dependent vowel
LAO_NAME = "ຄຳຫຼ້າ ພົມມະຈັນ"  # the ຫຼ ligature, vowel signs and a tone mark stacked on one consonant


def _system_fonts_for(lang):
    result = subprocess.run(["fc-list", f":lang={lang}", "family"], capture_output=True, text=True, check=False)
    return {line.strip() for line in result.stdout.splitlines() if line.strip()}


def _embedded_fonts(reader):
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = "/FontFile2" in descriptor
    return fonts


@pytest.fixture(scope="module")
def issued(django_db_setup, django_db_blocker):
    """One Khmer and one Lao certificate, rendered once for the module (WeasyPrint takes a moment)."""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            course = make_course(modules=1, lessons=1)
            kh = issue_and_store(
                enrolment=completed_enrolment(course=course, name_native=KHMER_NAME, country="KH", language="km")
            )
            lo = issue_and_store(
                enrolment=completed_enrolment(course=course, name_native=LAO_NAME, country="LA", language="lo")
            )
            data = {
                "km": (kh, kh.pdf.open("rb").read(), verification_url(kh)),
                "lo": (lo, lo.pdf.open("rb").read(), verification_url(lo)),
            }
            transaction.set_rollback(True)
    return data


def test_this_machine_has_no_khmer_fonts_and_only_dejavu_for_lao():
    assert not _system_fonts_for("km")
    assert all("DejaVu" in family for family in _system_fonts_for("lo"))


@pytest.mark.parametrize("lang,name,family", [("km", KHMER_NAME, "Cert-Khmer"), ("lo", LAO_NAME, "Cert-Lao")])
def test_names_are_set_in_the_embedded_project_fonts_and_read_back(issued, lang, name, family):
    certificate, data, _url = issued[lang]
    reader = pypdf.PdfReader(io.BytesIO(data))
    fonts = _embedded_fonts(reader)
    assert all(fonts.values()), f"a font is not embedded: {fonts}"
    # Subset fonts are named ABCDEF+Family; every glyph comes from the fonts shipped in elearning/static/fonts.
    assert all("+" in base and base.split("+", 1)[1].startswith("Cert-") for base in fonts), fonts
    assert any(base.split("+", 1)[1].startswith(family) for base in fonts), fonts
    text = reader.pages[0].extract_text()
    assert name in text
    assert certificate.holder_name_latin in text
    assert certificate.serial in text


@pytest.mark.parametrize("lang", ["km", "lo"])
def test_pdf_is_pdf_a_3b_as_weasyprint_writes_it(issued, lang):
    _certificate, data, _url = issued[lang]
    reader = pypdf.PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    intents = [intent.get_object() for intent in root["/OutputIntents"]]
    assert [str(intent["/S"]) for intent in intents] == ["/GTS_PDFA1"]
    assert "/DestOutputProfile" in intents[0]
    xmp = reader.xmp_metadata.stream.get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert len(reader.pages) == 1
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points


@pytest.mark.parametrize("lang", ["km", "lo"])
def test_qr_code_scans_to_the_verification_url(issued, lang, tmp_path):
    certificate, data, url = issued[lang]
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    barcodes = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))
    assert [barcode.text for barcode in barcodes] == [url]
    assert url.endswith(f"/v/{certificate.code}")


def test_stored_file_matches_its_sha256_and_is_never_rendered_again(issued):
    import hashlib

    certificate, data, _url = issued["km"]
    assert hashlib.sha256(data).hexdigest() == certificate.sha256
    assert certificate.pdf_size == len(data)


def test_storing_twice_keeps_the_first_file(db):
    course = make_course(modules=1, lessons=1)
    certificate = issue_and_store(enrolment=completed_enrolment(course=course, name_native=KHMER_NAME))
    name, digest = certificate.pdf.name, certificate.sha256
    again = store_pdf(certificate=certificate)
    assert (again.pdf.name, again.sha256) == (name, digest)


def test_a_design_with_logos_signatures_and_background_renders(db, tmp_path):
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    from certificates.models import CertificateLogo, CertificateSignatory, CertificateTemplate
    from certificates.rendering import certificate_html

    def image(name, colour):
        path = tmp_path / f"{name}.png"
        PILImage.new("RGB", (120, 60), colour).save(path)
        with open(path, "rb") as handle:
            return Image.objects.create(title=name, file=ImageFile(handle, name=f"{name}.png"))

    course = make_course(modules=1, lessons=1)
    design = CertificateTemplate.objects.create(
        name="NEA",
        course=course,
        issuer_en="NEA",
        title_km="វិញ្ញាបនបត្រ",
        orientation="portrait",
        background=image("background", "#eef"),
    )
    CertificateLogo.objects.create(template=design, image=image("logo", "#00f"), alt_text="NEA")
    for order in range(3):
        CertificateSignatory.objects.create(
            template=design,
            sort_order=order,
            name_km=f"ឈ្មោះ {order}",
            title_km="នាយក",
            signature=image(f"sig{order}", "#000"),
        )
    certificate = issue_and_store(enrolment=completed_enrolment(course=course, name_native=KHMER_NAME))
    assert certificate.template == design
    html = certificate_html(certificate)
    assert html.count("data:image/png;base64,") == 5  # logo, three signatures, background
    assert "size: A4 portrait" in html and "ឈ្មោះ 2" in html
    reader = pypdf.PdfReader(certificate.pdf.open("rb"))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)
    assert KHMER_NAME in reader.pages[0].extract_text()

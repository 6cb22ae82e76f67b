"""Turn an IssuedCertificate into an A4 PDF/A-3b with WeasyPrint.

The fonts travel with the project (elearning/static/fonts, Noto, OFL) and are referenced by
file:// URL, so Khmer and Lao are shaped (HarfBuzz) and embedded as subsets on a machine that
has no Khmer or Lao fonts installed. Images (logos, signatures, background) are read from the
storage and inlined as data: URIs, so rendering works with any storage backend.
"""

import base64
import mimetypes
from pathlib import Path

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import formats, translation

from .links import public_base_url

FONT_FILES = {
    # family: (regular, bold)
    "Cert Latin": ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    "Cert Khmer": ("NotoSansKhmer-Regular.ttf", "NotoSansKhmer-Bold.ttf"),
    "Cert Lao": ("NotoSansLao-Regular.ttf", "NotoSansLao-Bold.ttf"),
    # The holder's name gets fonts of its own: WeasyPrint maps each glyph to the text of the first
    # cluster it drew it in, so a Khmer subscript glyph first met in the title would read back
    # wrongly in the name. A separate font object keeps the name's text layer exact.
    "Cert Name Khmer": ("NotoSansKhmer-Bold.ttf", "NotoSansKhmer-Bold.ttf"),
    "Cert Name Lao": ("NotoSansLao-Bold.ttf", "NotoSansLao-Bold.ttf"),
}
PDF_VARIANT = "pdf/a-3b"


def font_path(filename):
    found = finders.find(f"fonts/{filename}")
    if not found:
        raise FileNotFoundError(f"font {filename} is missing from the static fonts")
    return Path(found)


def font_face_css():
    rules = []
    for family, files in FONT_FILES.items():
        for weight, filename in zip((400, 700), files, strict=True):
            url = font_path(filename).as_uri()
            rules.append(
                f'@font-face {{ font-family: "{family}"; src: url("{url}") format("truetype"); font-weight: {weight}; }}'
            )
    return "\n".join(rules)


def font_stack(language):
    """Native script first for Khmer and Lao documents; Latin letters fall through to Noto Sans."""
    order = {"km": ["Cert Khmer", "Cert Latin", "Cert Lao"], "lo": ["Cert Lao", "Cert Latin", "Cert Khmer"]}
    families = order.get(language, ["Cert Latin", "Cert Khmer", "Cert Lao"])
    return ", ".join(f'"{family}"' for family in families)


def qr_data_uri(url):
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2, dark="#000", light="#fff")


def image_data_uri(image, spec):
    """A Wagtail image, resized by a rendition spec, as a data: URI (None when unreadable)."""
    if image is None:
        return None
    rendition = image.get_rendition(spec)
    mime = mimetypes.guess_type(rendition.file.name)[0] or "image/png"
    with rendition.file.open("rb") as handle:
        data = handle.read()
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def format_code(code):
    """ABCD-EFGH-JKMN-PQRS: easier to read aloud and type than one long word."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def certificate_html(certificate, *, base_url=None):
    """The certificate as HTML; `base_url` is the public address printed in the QR code."""
    from django.urls import reverse

    verify_url = (base_url or public_base_url()).rstrip("/") + reverse(
        "certificates_short_verify", args=[certificate.code]
    )
    template = certificate.template
    course = certificate.enrolment.course
    with translation.override(certificate.language):
        context = {
            "certificate": certificate,
            "design": template,
            "course_title": course.title,
            "tier_label": course.get_tier_display(),
            "hours": formats.number_format(certificate.hours, decimal_pos=0 if certificate.hours % 1 == 0 else 1),
            "completed_on": formats.date_format(certificate.completed_on, "DATE_FORMAT"),
            "font_faces": font_face_css(),
            "font_stack": font_stack(certificate.language),
            "landscape": template is None or template.orientation == "landscape",
            "logos": [(image_data_uri(logo.image, "max-400x160"), logo.alt_text) for logo in template.logos.all()]
            if template
            else [],
            "signatories": [
                (signatory, image_data_uri(signatory.signature, "max-400x160"))
                for signatory in template.signatories.all()
            ]
            if template
            else [],
            "background": image_data_uri(template.background, "max-1800x1800") if template else None,
            "qr": qr_data_uri(verify_url),
            "verify_url": verify_url,
            "code": format_code(certificate.code),
            "LANGUAGE_CODE": certificate.language,
        }
        return render_to_string("certificates/pdf/certificate.html", context)


def render_pdf(certificate, *, base_url=None):
    """The certificate as PDF/A-3b bytes."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    html = certificate_html(certificate, base_url=base_url)
    font_config = FontConfiguration()
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        font_config=font_config, pdf_variant=PDF_VARIANT, pdf_identifier=certificate.serial.encode()
    )

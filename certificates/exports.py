"""HR exports of a filtered certificate list: CSV, XLSX, and a ZIP of the PDFs."""

import csv
import io
import zipfile

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .rendering import verification_url

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _safe(value):
    """Spreadsheets run cells that start with = + - @ as formulas; quote them."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def headers():
    return [
        _("Serial number"),
        _("Name in Latin script"),
        _("Name in Khmer or Lao script"),
        _("Country"),
        _("Province"),
        _("Course"),
        _("Tier"),
        _("Hours"),
        _("Completed on"),
        _("Issued"),
        _("Status"),
        _("Revoked"),
        _("SHA-256"),
        _("Verification link"),
    ]


def rows(certificates):
    for certificate in certificates:
        profile = getattr(certificate.holder, "staff_profile", None)
        course = certificate.enrolment.course
        yield [
            certificate.serial,
            certificate.holder_name_latin,
            certificate.holder_name_native,
            profile.country.name if profile else "",
            profile.province.name if profile else "",
            course.title,
            course.get_tier_display(),
            str(certificate.hours),
            certificate.completed_on.isoformat(),
            timezone.localtime(certificate.issued_at).strftime("%Y-%m-%d %H:%M"),
            certificate.get_status_display(),
            timezone.localtime(certificate.revoked_at).strftime("%Y-%m-%d %H:%M") if certificate.revoked_at else "",
            certificate.sha256,
            verification_url(certificate),
        ]


def _filename(extension):
    return f"certificates-{timezone.localdate().isoformat()}.{extension}"


def csv_response(certificates):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    response.write("\ufeff")  # so that spreadsheet programs read the Khmer and Lao names as UTF-8
    writer = csv.writer(response)
    writer.writerow(headers())
    for row in rows(certificates):
        writer.writerow([_safe(value) for value in row])
    return response


def xlsx_response(certificates):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Certificates"))
    sheet.append(headers())
    for row in rows(certificates):
        sheet.append([_safe(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response


def zip_response(certificates, *, name):
    """The stored PDFs (as issued, never re-rendered), one file per certificate, named by serial."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in certificates:
            if not certificate.is_ready:
                continue
            with certificate.pdf.open("rb") as handle:
                archive.writestr(f"{certificate.serial}.pdf", handle.read())
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}.zip"'
    return response

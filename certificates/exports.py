"""What the HR exports of certificates hold: the table of a filtered list, and the PDFs for a ZIP.

The files themselves are written by core.exports (formula-safe CSV/XLSX with title rows, ZIP);
this module only builds the rows and says whose certificates they are.
"""

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.exports import Export
from people.models import Country, Province, Role
from people.permissions import scope_for

from .links import verification_url


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
        _("Needs review"),
        _("SHA-256"),
        _("Verification link"),
    ]


def rows(certificates, request=None):
    for certificate in certificates:
        profile = getattr(certificate.holder, "staff_profile", None)
        course = certificate.enrolment.course
        yield [
            certificate.serial,
            certificate.holder_name_latin,
            certificate.holder_name_native,
            profile.country.name if profile else "",
            profile.province.name if profile and profile.province_id else "",
            course.title,
            course.get_tier_display(),
            str(certificate.hours),
            certificate.completed_on,
            certificate.issued_at,
            certificate.get_status_display(),
            certificate.revoked_at,
            certificate.review_reason if certificate.needs_review else "",
            certificate.sha256,
            verification_url(certificate, request),
        ]


def scope_of(user):
    """The HR scope in words and as an ASCII slug: "Cambodia" / "kh", "Savannakhet" / "la-sv"."""
    scope = scope_for(user, Role.HR_PLANNER)
    if scope.everywhere:
        return _("All countries"), "all"
    places = list(Country.objects.filter(pk__in=scope.country_ids).order_by("code")) + list(
        Province.objects.filter(pk__in=scope.province_ids).order_by("code")
    )
    return ", ".join(str(place.name) for place in places), "-".join(slugify(place.code) for place in places)


def certificate_list(user, certificates, *, filters, request=None, key="certificates"):
    """The filtered certificate list as an Export (core.exports writes it as CSV or XLSX)."""
    scope, scope_slug = scope_of(user)
    return Export(
        key=key,
        title=_("Issued certificates"),
        columns=headers(),
        rows=rows(certificates, request),
        scope=scope,
        scope_slug=scope_slug,
        filters=filters,
        made_at=timezone.now(),
    )


def pdf_files(certificates):
    """The stored PDFs (as issued, never re-rendered), one (name, bytes) pair per certificate."""
    for certificate in certificates:
        if not certificate.is_ready:
            continue
        with certificate.pdf.open("rb") as handle:
            yield f"{certificate.serial}.pdf", handle.read()

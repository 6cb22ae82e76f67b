"""Reads shared by views, exports and the course page section."""

from people.models import Role
from people.permissions import scope_for

from .models import IssuedCertificate
from .services import CODE_LENGTH, normalise_code


def find_by_code(code):
    """The certificate with this verification code, or None (forged, mistyped, unknown)."""
    code = normalise_code(code)
    if len(code) != CODE_LENGTH:
        return None
    return IssuedCertificate.objects.select_related("enrolment__course", "template").filter(code=code).first()


def certificates_of(user):
    return IssuedCertificate.objects.filter(holder=user).select_related("enrolment__course").order_by("-issued_at")


def certificates_visible_to(user):
    """Certificates of the staff in the user's HR scope (administrators: all)."""
    scope = scope_for(user, Role.HR_PLANNER)
    return scope.filter(
        IssuedCertificate.objects.for_listing(),
        country_field="holder__staff_profile__country",
        province_field="holder__staff_profile__province",
    )

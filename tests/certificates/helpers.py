"""Helpers for the certificate tests: completed enrolments without walking every lesson."""

from django.core.files.base import ContentFile
from django.utils import timezone

from courses.models import Enrolment
from tests.factories import make_staff


def completed_enrolment(*, course, learner=None, name_native="", country="KH", language="km", **staff):
    if learner is None:
        learner = make_staff(country=country, preferred_language=language, **staff)
    if name_native:
        learner.staff_profile.name_native = name_native
        learner.staff_profile.save(update_fields=["name_native"])
    return Enrolment.objects.create(learner=learner, course=course, completed_at=timezone.now())


def attach_fake_pdf(certificate, data=b"%PDF-1.7 test"):
    """A stored file without running WeasyPrint, for tests about who may download it."""
    certificate.pdf.save(f"test-{certificate.code}.pdf", ContentFile(data), save=False)
    certificate.sha256 = "0" * 64
    certificate.save(update_fields=["pdf", "sha256"])
    return certificate


def make_hr(country="KH", province=None, *, unscoped=False):
    """An HR planner scoped to a country (or a province); `unscoped`: the role granted with no place."""
    from people.models import Country, Province, Role
    from people.services import grant_role
    from tests.factories import make_staff

    user = make_staff(country=country, roles=[])
    if unscoped:
        grant_role(user=user, role=Role.HR_PLANNER)
    else:
        grant_role(
            user=user,
            role=Role.HR_PLANNER,
            country=Country.objects.get(code=country),
            province=Province.objects.get(code=province) if province else None,
        )
    return user

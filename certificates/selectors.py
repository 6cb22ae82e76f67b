"""Reads shared by views, exports and the course page section; the cohort reads run a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count, Q

from core.permissions import visible_to
from people.models import Province, Role
from people.permissions import is_administrator, scope_for

from .models import IssuedCertificate
from .services import CODE_LENGTH, normalise_code


def find_by_code(code):
    """The certificate with this verification code, or None (forged, mistyped, unknown)."""
    code = normalise_code(code)
    if len(code) != CODE_LENGTH:
        return None
    return IssuedCertificate.objects.select_related("enrolment__course", "template").filter(code=code).first()


def certificates_of(user):
    """My certificates, revoked ones included (their holder is shown why)."""
    return IssuedCertificate.objects.filter(holder=user).select_related("enrolment__course").order_by("-issued_at")


def recent_bulk_issues(user, limit=5):
    """The user's latest bulk issues with their progress read from the certificates (two queries)."""
    from .models import BulkIssue
    from .services import bulk_progress

    return bulk_progress(BulkIssue.objects.filter(requested_by=user)[:limit])


def certificates_visible_to(user):
    """Certificates of the staff in the user's HR scope (administrators: all), as the policy says."""
    return visible_to(user, "certificates.list", IssuedCertificate.objects.for_listing())


def courses_to_issue_for(user):
    """The live courses the user may issue for: all for administrators, a trainer's cohorts' courses."""
    from cohorts.models import Cohort
    from courses.models import CoursePage

    courses = CoursePage.objects.live().order_by("path")
    if is_administrator(user):
        return courses
    return courses.filter(pk__in=Cohort.objects.trained_by(user).values("course_id"))


def cohorts_with_certificates(user):
    """Cohorts the user trains or whose place is in their HR scope (administrators: all), newest first,
    each with how many participants are registered, have completed, and hold a valid certificate.
    One query whatever the number of cohorts and participants."""
    from cohorts.models import Cohort, Participation

    cohorts = visible_to(user, "cohorts.view_roster", Cohort.objects.all())
    registered = Q(participations__status=Participation.Status.REGISTERED)
    return (
        cohorts.select_related("course", "country", "province")
        .annotate(
            participant_count=Count("participations", filter=registered, distinct=True),
            completed_count=Count(
                "participations",
                filter=registered & Q(participations__enrolment__completed_at__isnull=False),
                distinct=True,
            ),
            certificate_count=Count(
                "participations__enrolment__certificate",
                filter=registered & Q(participations__enrolment__certificate__status=IssuedCertificate.Status.VALID),
                distinct=True,
            ),
        )
        .order_by("-start_date", "-pk")
    )


def cohort_by_public_id(public_id):
    """A cohort with its course, place and trainers (two queries), or None."""
    from cohorts.models import Cohort
    from cohorts.selectors import attach_trainer_ids

    cohort = (
        Cohort.objects.select_related("course", "country", "province")
        .prefetch_related("trainers")
        .filter(public_id=public_id)
        .first()
    )
    return attach_trainer_ids(cohort) if cohort is not None else None


@dataclass
class CohortRow:
    """One registered participant of a cohort and where their certificate stands."""

    participation: object
    certificate: object = None

    @property
    def state(self):
        enrolment = self.participation.enrolment
        if self.certificate is not None:
            if not self.certificate.is_valid:
                return "revoked"
            return "ready" if self.certificate.is_ready else "preparing"
        if enrolment is not None and enrolment.completed_at is not None:
            return "to_issue"
        return "open"


def cohort_certificate_rows(cohort):
    """The cohort's registered participants with their enrolment and certificate: one query."""
    from cohorts.models import Participation

    participations = (
        Participation.objects.filter(cohort=cohort, status=Participation.Status.REGISTERED)
        .select_related("person__staff_profile__province", "enrolment__certificate")
        .order_by("person__last_name", "person__first_name", "person__username", "pk")
    )
    return [CohortRow(p, getattr(p.enrolment, "certificate", None) if p.enrolment else None) for p in participations]


def cohort_certificates_to_download(cohort):
    """The valid, stored certificates of the cohort's registered participants, by serial (for the ZIP)."""
    from cohorts.models import Participation

    return (
        IssuedCertificate.objects.filter(
            enrolment__participations__cohort=cohort,
            enrolment__participations__status=Participation.Status.REGISTERED,
            status=IssuedCertificate.Status.VALID,
        )
        .exclude(sha256="")
        .distinct()
        .order_by("serial")
    )


def provinces_for_filters(user):
    """The provinces the HR list's filter offers: those of the planner's scope (a Lao provincial
    planner does not scroll past Cambodia's provinces)."""
    scope = scope_for(user, Role.HR_PLANNER)
    provinces = Province.objects.select_related("country").order_by("country__code", "name")
    if scope.everywhere:
        return provinces
    return provinces.filter(Q(pk__in=scope.province_ids) | Q(country_id__in=scope.country_ids))

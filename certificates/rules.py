"""Who may do what with certificates, registered in people.permissions (ask `can(user, name, obj)`).

The holder downloads their own; HR planners read the certificates of staff in their scope;
administrators do everything. A cohort's trainers (and HR planners whose scope covers the cohort)
see and download its participants' certificates; only its trainers and administrators issue for it.
"""

from people.models import Role
from people.permissions import can, has_role, is_administrator, rule, scope_for


def _holder_in_hr_scope(user, certificate):
    profile = getattr(certificate.holder, "staff_profile", None)
    if profile is None:
        return False
    return scope_for(user, Role.HR_PLANNER).covers(country_id=profile.country_id, province_id=profile.province_id)


def _trains(user, cohort):
    """Whether the user is one of the cohort's trainers (reads prefetched trainers when there)."""
    return getattr(user, "is_authenticated", False) and any(t.pk == user.pk for t in cohort.trainers.all())


def _in_a_cohort_they_see(user, certificate):
    """The holder took the course in a cohort whose certificates the user may see."""
    from cohorts.models import Cohort, Participation
    from cohorts.selectors import attach_trainer_ids

    cohorts = Cohort.objects.filter(
        participations__enrolment_id=certificate.enrolment_id,
        participations__status=Participation.Status.REGISTERED,
    ).prefetch_related("trainers")
    return any(can(user, "certificates.view_cohort", attach_trainer_ids(cohort)) for cohort in cohorts)


@rule("certificates.download")
def can_download(user, certificate):
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        certificate.holder_id == user.pk
        or is_administrator(user)
        or _holder_in_hr_scope(user, certificate)
        or _in_a_cohort_they_see(user, certificate)
    )


@rule("certificates.download_revoked")
def can_download_revoked(user, certificate):
    """A revoked PDF stays in the record for HR planners (holder in scope) and administrators only."""
    return is_administrator(user) or _holder_in_hr_scope(user, certificate)


@rule("certificates.list")
def can_list(user, _obj=None):
    return not scope_for(user, Role.HR_PLANNER).is_empty


@rule("certificates.manage")
def can_manage(user, _certificate=None):
    """Re-issue and revoke: serious acts on an official record, for administrators only."""
    return is_administrator(user)


@rule("certificates.issue_for_course")
def can_issue_for_course(user, course=None):
    """Administrators for any course; a trainer only for a course they train a cohort of.

    Without a course: whether the user may issue for some course (to show the page and its link).
    """
    if is_administrator(user):
        return True
    if not has_role(user, Role.TRAINER):
        return False
    from cohorts.models import Cohort

    cohorts = Cohort.objects.trained_by(user)
    if course is not None:
        cohorts = cohorts.filter(course=course)
    return cohorts.exists()


@rule("certificates.view_cohorts")
def can_view_cohorts(user, _obj=None):
    """The "Certificates of my cohorts" page: trainers, HR planners and administrators."""
    return has_role(user, Role.TRAINER) or not scope_for(user, Role.HR_PLANNER).is_empty


@rule("certificates.view_cohort")
def can_view_cohort(user, cohort):
    """A cohort's certificates are seen by whoever may see its roster (cohorts' rule): its trainers,
    HR planners whose scope covers the cohort, administrators."""
    return can(user, "cohorts.view_roster", cohort)


@rule("certificates.issue_for_cohort")
def can_issue_for_cohort(user, cohort):
    """Issuing for a whole cohort: its trainers and administrators (not HR planners)."""
    return is_administrator(user) or _trains(user, cohort)

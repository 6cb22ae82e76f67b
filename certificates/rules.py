"""Who may do what with certificates, registered in people.permissions (ask `can(user, name, obj)`).

The holder downloads their own; HR planners read the certificates of staff in their scope;
administrators do everything. Trainers issue certificates for a course (the cohorts app will
narrow this to their own cohorts when it plugs in).
"""

from people.models import Role
from people.permissions import has_role, is_administrator, rule, scope_for


def _holder_in_hr_scope(user, certificate):
    profile = getattr(certificate.holder, "staff_profile", None)
    if profile is None:
        return False
    return scope_for(user, Role.HR_PLANNER).covers(country_id=profile.country_id, province_id=profile.province_id)


@rule("certificates.download")
def can_download(user, certificate):
    if not getattr(user, "is_authenticated", False):
        return False
    return certificate.holder_id == user.pk or is_administrator(user) or _holder_in_hr_scope(user, certificate)


@rule("certificates.list")
def can_list(user, _obj=None):
    return not scope_for(user, Role.HR_PLANNER).is_empty


@rule("certificates.manage")
def can_manage(user, _certificate=None):
    """Re-issue and revoke: serious acts on an official record, for administrators only."""
    return is_administrator(user)


@rule("certificates.issue_for_course")
def can_issue_for_course(user, _course=None):
    return has_role(user, Role.TRAINER)

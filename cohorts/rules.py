"""Who may do what with cohorts; registered in people.permissions and asked with can()/require()."""

from people.models import Role
from people.permissions import has_role, is_administrator, rule, scope_for


def trainer_ids(cohort):
    """The cohort's trainers' ids, read once per cohort object."""
    cached = getattr(cohort, "_trainer_ids", None)
    if cached is None:
        cached = frozenset(cohort.trainers.values_list("pk", flat=True))
        cohort._trainer_ids = cached
    return cached


def _is_trainer_of(user, cohort):
    return getattr(user, "is_authenticated", False) and user.pk in trainer_ids(cohort)


def _hr_covers(user, cohort):
    scope = scope_for(user, Role.HR_PLANNER)
    if cohort.province_id:
        return scope.covers(country_id=cohort.country_id, province_id=cohort.province_id)
    return scope.everywhere or cohort.country_id in scope.country_ids


@rule("cohorts.register")
def can_register(user, cohort):
    return getattr(user, "is_authenticated", False) and cohort.enrolment_mode != cohort.EnrolmentMode.ASSIGNED


@rule("cohorts.view_mine")
def can_view_mine(user, _obj=None):
    return has_role(user, Role.TRAINER)


@rule("cohorts.view_roster")
def can_view_roster(user, cohort):
    """Trainers see only their own cohorts' participants; HR within their scope; administrators all."""
    return is_administrator(user) or _is_trainer_of(user, cohort) or _hr_covers(user, cohort)


@rule("cohorts.take_attendance")
def can_take_attendance(user, cohort):
    return is_administrator(user) or _is_trainer_of(user, cohort)


@rule("cohorts.approve")
def can_approve(user, cohort):
    return is_administrator(user) or _is_trainer_of(user, cohort) or _hr_covers(user, cohort)


@rule("cohorts.assign")
def can_assign(user, cohort):
    return is_administrator(user) or _hr_covers(user, cohort)


@rule("cohorts.view_fill_rates")
def can_view_fill_rates(user, _obj=None):
    return not scope_for(user, Role.HR_PLANNER).is_empty


@rule("cohorts.view_cascade")
def can_view_cascade(user, _obj=None):
    return not scope_for(user, Role.HR_PLANNER).is_empty

"""Who may read HR figures and staff competencies: always the HR planner's scope (people.permissions)."""

from people.models import Role
from people.permissions import rule, scope_for


def hr_scope(user):
    """Where `user` plans HR: their province, their country, or everywhere for administrators."""
    return scope_for(user, Role.HR_PLANNER)


@rule("competencies.view_dashboard")
def can_view_dashboard(user, obj=None):
    return not hr_scope(user).is_empty


@rule("competencies.view_person")
def can_view_person(user, profile):
    return profile is not None and hr_scope(user).covers(country_id=profile.country_id, province_id=profile.province_id)


@rule("competencies.assess")
def can_assess(user, profile):
    return can_view_person(user, profile)


@rule("competencies.import_staff")
def can_import_staff(user, obj=None):
    return not hr_scope(user).is_empty

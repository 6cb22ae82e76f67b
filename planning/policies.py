"""Who may assign training, read the training report, and whom they may assign: the HR planner's scope.

Asked as `user.has_perm("planning.<action>", obj)` and `visible_to(user, "planning.<action>", qs)`;
registered in wagtail_hooks.py. The scope is the HR planner role's (competencies.policies.hr_scope,
from people.permissions): a province, a country, or everywhere for administrators. A planner role
granted without a place reaches no one, so it may assign no one and sees no figure.
"""

from competencies.policies import hr_scope
from core.permissions import Policy
from people.models import StaffProfile

from .models import Assignment

LEARNER_PLACE = {
    "country_field": "learner__staff_profile__country",
    "province_field": "learner__staff_profile__province",
}


def _signed_in(user):
    return getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)


class AssignmentPolicy(Policy):
    model = Assignment

    def can_assign_training(self, user, obj=None):
        return _signed_in(user) and not hr_scope(user).is_empty

    def can_view_training_report(self, user, obj=None):
        return _signed_in(user) and not hr_scope(user).is_empty

    def can_view_assignment(self, user, assignment):
        """The learner themself, and HR planners whose scope covers the learner."""
        if assignment is None or not _signed_in(user):
            return False
        if assignment.learner_id == user.pk:
            return True
        profile = getattr(assignment.learner, "staff_profile", None)
        return profile is not None and hr_scope(user).covers(
            country_id=profile.country_id, province_id=profile.province_id
        )

    def visible(self, user, queryset, action):
        if action in ("view_assignment", "view_training_report"):
            return hr_scope(user).filter(queryset, **LEARNER_PLACE)
        return queryset.none()


class AssigneePolicy(Policy):
    """The staff a planner may assign training to: their scope, never beyond it."""

    model = StaffProfile
    app_label = "planning"

    def can_assign_to(self, user, profile):
        return (
            _signed_in(user)
            and profile is not None
            and hr_scope(user).covers(country_id=profile.country_id, province_id=profile.province_id)
        )

    def visible(self, user, queryset, action):
        if action != "assign_to":
            return queryset.none()
        return hr_scope(user).filter(queryset)


def policies():
    return [AssignmentPolicy(), AssigneePolicy()]

"""Who may see and change people's records, as core.permissions policies.

Asked as `user.has_perm("people.<action>", obj)` and `visible_to(user, "people.<action>", qs)`.
Built on the scope primitives of people.permissions (scope_for, has_role, is_administrator),
which other apps use for their own policies. A role granted without a scope reaches no one.
"""

from core.permissions import Policy

from .models import Role, StaffProfile, User
from .permissions import has_role, scope_for


class StaffProfilePolicy(Policy):
    """Everyone reads their own profile; an HR planner reads the profiles in their scope."""

    model = StaffProfile

    def can_view_staff(self, user, profile):
        if not getattr(user, "is_authenticated", False) or profile is None:
            return False
        if user.pk == profile.user_id:
            return True
        return scope_for(user, Role.HR_PLANNER).covers(country_id=profile.country_id, province_id=profile.province_id)

    def visible(self, user, queryset, action):
        if action != "view_staff":
            return queryset.none()
        scope = scope_for(user, Role.HR_PLANNER)
        if scope.is_empty:
            return queryset.filter(user_id=user.pk)
        return scope.filter(queryset)


class UserPolicy(Policy):
    """Questions about an account: editing the course content, changing the account's login data."""

    model = User

    def can_edit_content(self, user, obj=None):
        """Content editors (and administrators) edit courses and read lessons without enrolling."""
        return getattr(user, "is_authenticated", False) and has_role(user, Role.CONTENT_EDITOR)

    def can_change_login(self, user, account):
        """Only the person themself changes their own e-mail or user name (administrators in the admin)."""
        return getattr(user, "is_authenticated", False) and account is not None and user.pk == account.pk

    def visible(self, user, queryset, action):
        if action == "change_login":
            return queryset.filter(pk=user.pk)
        return queryset.none()

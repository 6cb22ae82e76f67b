"""Who may see what here: a person's notifications are theirs alone; invitations follow the HR scope.

Asked as `user.has_perm("notifications.<action>", obj)` and `visible_to(...)`; registered in
wagtail_hooks.py. The HR scope is people.permissions.scope_for(user, HR_PLANNER): a planner sees
and manages the invitations of staff in their province or country; a role without a place, no one.
"""

from core.permissions import Policy
from people.models import Role
from people.permissions import scope_for

from .models import Invitation, Notification


class NotificationPolicy(Policy):
    model = Notification

    def can_read_notification(self, user, notification):
        return (
            getattr(user, "is_authenticated", False)
            and notification is not None
            and notification.recipient_id == user.pk
        )

    def visible(self, user, queryset, action):
        return queryset.filter(recipient_id=user.pk)


class InvitationPolicy(Policy):
    model = Invitation

    def can_manage_invitations(self, user, obj=None):
        """The HR accounts page: any planner with a scope (each sees only their scope's people)."""
        return not scope_for(user, Role.HR_PLANNER).is_empty

    def can_manage_invitation(self, user, invitation):
        profile = getattr(invitation.user, "staff_profile", None) if invitation is not None else None
        if profile is None:
            return False
        return scope_for(user, Role.HR_PLANNER).covers(country_id=profile.country_id, province_id=profile.province_id)

    def visible(self, user, queryset, action):
        return scope_for(user, Role.HR_PLANNER).filter(
            queryset, country_field="user__staff_profile__country", province_field="user__staff_profile__province"
        )

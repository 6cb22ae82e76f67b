"""Who may do the editors' work: content editors and administrators, wherever they are.

Course content is shared by both countries, so the content editor role is not limited by a scope
here; a person without the role (or with none) may do nothing.
"""

from core.permissions import Policy
from people.models import Role
from people.permissions import has_role


class TranslationPolicy(Policy):
    """Reading the translation status of a course, exporting and importing its translator's file."""

    app_label = "editorial"

    def can_translate(self, user, obj=None):
        return bool(getattr(user, "is_authenticated", False)) and has_role(user, Role.CONTENT_EDITOR)

    def visible(self, user, queryset, action):
        return queryset if self.can_translate(user) else queryset.none()

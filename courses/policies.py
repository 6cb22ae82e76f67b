"""Who may enrol in a course and who may read its lessons without enrolling (core.permissions).

Asked as `user.has_perm("courses.enrol", course)` and `user.has_perm("courses.preview_content",
course)`; always with the course, so Django's ModelBackend answers without reading permissions.
"""

from core.permissions import Policy
from people.models import Role
from people.permissions import has_role

from .models import CoursePage, Tier


class CoursePolicy(Policy):
    model = CoursePage

    def can_enrol(self, user, course):
        """Self-paced courses are open to every signed-in member of staff; the others by session."""
        return getattr(user, "is_authenticated", False) and course is not None and course.is_self_paced

    def can_preview_content(self, user, course):
        """Editors and administrators read lessons without enrolling."""
        return has_role(user, Role.CONTENT_EDITOR)

    def visible(self, user, queryset, action):
        if action == "enrol":
            return queryset.live().filter(tier=Tier.SELF_PACED)
        if action == "preview_content" and has_role(user, Role.CONTENT_EDITOR):
            return queryset
        return queryset.none()

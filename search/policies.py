"""Who may search what (core.permissions). Courses and lessons: what the reader may open (selectors).

`user.has_perm("search.search_people")`: HR planners with a scope (and administrators); which
people they then find is the people policy's answer (`people.view_staff`), never decided here.
"""

from core.permissions import Policy
from people.models import Role
from people.permissions import scope_for


class SearchPolicy(Policy):
    app_label = "search"

    def can_search_people(self, user, obj=None):
        return getattr(user, "is_authenticated", False) and not scope_for(user, Role.HR_PLANNER).is_empty

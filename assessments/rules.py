"""Named permission rules of the assessments app, built from people.permissions primitives."""

from people.models import Role
from people.permissions import can_edit_content, has_role, rule, scope_for

FIGURE_ROLES = (Role.TRAINER, Role.HR_PLANNER)


@rule("assessments.take")
def can_take(user, attempt_or_quiz):
    """Learners take quizzes of courses they are enrolled in (checked by the service); attempts are their own."""
    if not getattr(user, "is_authenticated", False):
        return False
    learner_id = getattr(attempt_or_quiz, "learner_id", None)
    return learner_id is None or learner_id == user.pk


@rule("assessments.view_figures")
def can_view_figures(user, quiz=None):
    """Trainers, HR planners and administrators read quiz figures (rows limited by `figure_scope`)."""
    return any(has_role(user, role) for role in FIGURE_ROLES)


@rule("assessments.regrade")
def can_regrade(user, question=None):
    return can_edit_content(user)


def learners_in_figure_scope(user, queryset, *, learner_field="learner"):
    """Rows about learners the user may see: union of their trainer and HR scopes."""
    scopes = [scope_for(user, role) for role in FIGURE_ROLES]
    if any(scope.everywhere for scope in scopes):
        return queryset
    countries = set().union(*(scope.country_ids for scope in scopes))
    provinces = set().union(*(scope.province_ids for scope in scopes))
    if not countries and not provinces:
        return queryset.none()
    from django.db.models import Q

    prefix = f"{learner_field}__staff_profile__"
    return queryset.filter(Q(**{f"{prefix}country_id__in": countries}) | Q(**{f"{prefix}province_id__in": provinces}))

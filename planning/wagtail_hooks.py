"""Planning's policies and its section on My learning."""

from django.template.loader import render_to_string
from wagtail import hooks

from .policies import policies


@hooks.register("register_permission_policy")
def register_policies():
    return policies()


@hooks.register("courses_page_sections")
def assigned_training(request, *, where, page, enrolment):
    """On My learning: the training HR assigned, with its due date (one query; none elsewhere)."""
    if where != "my_learning" or request is None or not request.user.is_authenticated:
        return ""
    from . import selectors

    assignments = selectors.learner_assignments(request.user)
    if not assignments:
        return ""
    rows = [(assignment, selectors.state_of(assignment)) for assignment in assignments]
    return render_to_string("planning/my_learning_section.html", {"rows": rows}, request=request)

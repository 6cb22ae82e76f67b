"""Enrolments listed in the Wagtail admin for editors and administrators; the courses policies."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Enrolment
from .policies import CoursePolicy


class EnrolmentViewSet(SnippetViewSet):
    model = Enrolment
    icon = "list-ul"
    menu_label = _("Enrolments")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["learner", "course", "enrolled_at", "completed_at"]
    list_filter = ["course"]
    search_fields = ["learner__username", "learner__last_name"]
    list_export = ["learner", "course", "enrolled_at", "completed_at"]

    def get_queryset(self, request):
        return Enrolment.objects.select_related("learner", "course")


register_snippet(EnrolmentViewSet)


@hooks.register("register_permission_policy")
def register_policies():
    return [CoursePolicy()]


@hooks.register("register_cache_namespaces")
def tree_cache_namespaces():
    from .caching import TREE

    return [TREE]

"""The organisation's reference data and staff in the Wagtail admin; the people permission policies.

The admin's staff form validates placements through StaffProfile.clean (people.validators.validate_placement).
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.permissions import visible_to

from .models import Office, Position, Province, RoleAssignment, StaffProfile
from .policies import StaffProfilePolicy, UserPolicy


class ProvinceViewSet(SnippetViewSet):
    model = Province
    icon = "site"
    list_display = ["name", "code", "country"]
    list_filter = ["country"]
    search_fields = ["name", "code"]


class OfficeViewSet(SnippetViewSet):
    model = Office
    icon = "home"
    list_display = ["name", "code", "province", "kind"]
    list_filter = ["kind", "province__country"]
    search_fields = ["name", "code"]


class PositionViewSet(SnippetViewSet):
    model = Position
    icon = "user"
    list_display = ["name", "code"]


class StaffProfileViewSet(SnippetViewSet):
    model = StaffProfile
    icon = "group"
    menu_label = _("Staff")
    list_display = ["display_name", "employee_id", "country", "province", "office", "position", "sex"]
    list_filter = ["country", "sex", "position"]
    search_fields = ["name_native", "employee_id", "user__username", "user__last_name"]
    list_per_page = 50

    def get_queryset(self, request):
        return visible_to(request.user, "people.view_staff", StaffProfile.objects.with_organisation())


class RoleAssignmentViewSet(SnippetViewSet):
    model = RoleAssignment
    icon = "key"
    list_display = ["user", "role", "country", "province"]
    list_filter = ["role"]


class OrganisationGroup(SnippetViewSetGroup):
    menu_label = _("Organisation")
    menu_icon = "group"
    menu_order = 300
    items = (StaffProfileViewSet, RoleAssignmentViewSet, OfficeViewSet, ProvinceViewSet, PositionViewSet)


register_snippet(OrganisationGroup)


@hooks.register("register_permission_policy")
def register_policies():
    return [StaffProfilePolicy(), UserPolicy()]


@hooks.register("register_cache_namespaces")
def roles_cache_namespaces():
    from .permissions import ROLES

    return [ROLES]

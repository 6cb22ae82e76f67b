"""The competency framework and position profiles, edited in the Wagtail admin; the HR policies."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from core.exports import neutralise
from core.permissions import visible_to

from .models import (
    Competency,
    CompetencyArea,
    CompetencyRecord,
    CourseCompetency,
    PositionRequirement,
    ProficiencyLevel,
)
from .policies import CompetencyRecordPolicy, ImportJobPolicy, StaffPolicy


class CompetencyAreaViewSet(SnippetViewSet):
    model = CompetencyArea
    icon = "folder-open-inverse"
    list_display = ["name", "code", "sort_order"]


class CompetencyViewSet(SnippetViewSet):
    model = Competency
    icon = "tick-inverse"
    list_display = ["name", "code", "area"]
    list_filter = ["area"]
    search_fields = ["name", "code"]


class ProficiencyLevelViewSet(SnippetViewSet):
    model = ProficiencyLevel
    icon = "order"
    list_display = ["rank", "name", "code"]


class PositionRequirementViewSet(SnippetViewSet):
    model = PositionRequirement
    icon = "user"
    menu_label = _("Position profiles")
    list_display = ["position", "competency", "level"]
    list_filter = ["position"]


class CourseCompetencyViewSet(SnippetViewSet):
    model = CourseCompetency
    icon = "doc-full"
    list_display = ["course", "competency", "level", "validity_months"]
    list_filter = ["competency"]


RECORD_EXPORT = ["person", "competency", "level", "source", "achieved_at", "expires_at", "withdrawn_at"]


def _csv_text(value):
    """Wagtail types XLSX text as text, but writes CSV cells as they are: neutralise formulas (core.exports)."""
    return neutralise(value if isinstance(value, int | float) else ("" if value is None else str(value)))


class RecordIndexView(IndexView):
    custom_field_preprocess = {name: {"csv": _csv_text} for name in RECORD_EXPORT}


class CompetencyRecordViewSet(SnippetViewSet):
    """Read in the admin; records are written by services (completions, assessments), never typed."""

    model = CompetencyRecord
    icon = "list-ul"
    list_display = ["person", "competency", "level", "source", "achieved_at", "expires_at", "withdrawn_at"]
    list_filter = ["source", "competency"]
    search_fields = ["person__username", "person__last_name"]
    list_export = RECORD_EXPORT
    index_view_class = RecordIndexView

    def get_queryset(self, request):
        records = CompetencyRecord.objects.select_related("person", "competency", "level")
        return visible_to(request.user, "competencies.view_record", records)


class CompetencyGroup(SnippetViewSetGroup):
    menu_label = _("Competencies")
    menu_icon = "tick-inverse"
    menu_order = 320
    items = (
        CompetencyAreaViewSet,
        CompetencyViewSet,
        ProficiencyLevelViewSet,
        PositionRequirementViewSet,
        CourseCompetencyViewSet,
        CompetencyRecordViewSet,
    )


register_snippet(CompetencyGroup)


@hooks.register("register_permission_policy")
def register_policies():
    return [StaffPolicy(), CompetencyRecordPolicy(), ImportJobPolicy()]


@hooks.register("search_person_url")
def person_page_for_search(profile):
    """The search app links each person found to their competency page (which checks the planner's scope)."""
    from .views import person_url

    return person_url(profile)

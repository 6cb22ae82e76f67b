"""Cohorts, meetings, cascade links and certified trainers in the Wagtail admin; the course page section."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import assessments_hooks  # noqa: F401  (answers assessments' trainer-results hook)
from .forms import CohortAdminForm
from .models import CascadeLink, CertifiedTrainer, Cohort, Meeting
from .policies import policies


@hooks.register("register_permission_policy")
def register_policies():
    """Cohort, Participation, Meeting and AttendanceRecord policies, asked through user.has_perm."""
    return policies()


class CohortViewSet(SnippetViewSet):
    model = Cohort
    icon = "group"
    menu_label = _("Cohorts")
    list_display = ["title", "kind", "start_date", "end_date", "capacity"]
    list_filter = ["kind", "country"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            FieldPanel("course"),
            FieldPanel("title"),
            FieldPanel("country"),
            FieldPanel("province"),
            FieldPanel("start_date"),
            FieldPanel("end_date"),
            FieldPanel("mode"),
            FieldPanel("venue"),
            FieldPanel("join_link"),
            FieldPanel("capacity"),
            FieldPanel("enrolment_mode"),
            FieldPanel("languages"),
            FieldPanel("min_attendance_percent"),
            FieldPanel("trainers"),
            FieldPanel("recording_link"),
            FieldPanel("materials"),
        ],
        base_form_class=CohortAdminForm,
    )


class MeetingViewSet(SnippetViewSet):
    model = Meeting
    icon = "date"
    menu_label = _("Meetings")
    list_display = ["cohort", "starts_at", "ends_at", "checkin_code"]
    panels = [
        FieldPanel("cohort"),
        FieldPanel("starts_at"),
        FieldPanel("ends_at"),
        FieldPanel("venue"),
        FieldPanel("join_link"),
    ]


class CascadeLinkViewSet(SnippetViewSet):
    model = CascadeLink
    icon = "link"
    menu_label = _("Cascade links")


class CertifiedTrainerViewSet(SnippetViewSet):
    model = CertifiedTrainer
    icon = "user"
    menu_label = _("Certified trainers")
    list_display = ["person", "course", "cohort", "certified_at"]


class LiveTrainingGroup(SnippetViewSetGroup):
    items = (CohortViewSet, MeetingViewSet, CascadeLinkViewSet, CertifiedTrainerViewSet)
    menu_icon = "group"
    menu_label = _("Live training")
    menu_order = 320


register_snippet(LiveTrainingGroup)


@hooks.register("courses_page_sections")
def upcoming_sessions(request, *, where, page, enrolment):
    """On a live course's page, its upcoming cohorts to register for: one query, none elsewhere."""
    from courses.models import Tier

    if where != "course" or page is None or page.tier == Tier.SELF_PACED:
        return ""
    cohorts = list(Cohort.objects.upcoming().filter(course=page).order_by("start_date", "pk")[:10])
    return render_to_string("cohorts/course_section.html", {"cohorts": cohorts}, request=request)

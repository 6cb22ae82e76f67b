"""Surveys in the Wagtail admin, this app's policies, and where the survey is offered: the completed
course's page, My learning, and the link to results on a cohort's roster."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Survey
from .policies import policies
from .selectors import offer_for_course, offers_for


@hooks.register("register_permission_policy")
def register_policies():
    return policies()


class SurveyViewSet(SnippetViewSet):
    model = Survey
    icon = "form"
    menu_label = _("Course surveys")
    menu_order = 330
    add_to_admin_menu = True
    list_display = ["title", "course", "tier", "is_active"]
    list_filter = ["tier", "is_active"]
    search_fields = ["title"]


register_snippet(SurveyViewSet)


@hooks.register("courses_page_sections")
def survey_offer(request, *, where, page, enrolment):
    """ "Tell us what you thought": on a completed course's page (one query) and on My learning (one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    if where == "course_completed" and enrolment is not None and enrolment.completed_at and page is not None:
        if not offer_for_course(user, page):
            return ""
        return render_to_string("evaluations/offer.html", {"courses": [page]}, request=request)
    if where == "my_learning":
        enrolments = offers_for(user)
        if not enrolments:
            return ""
        return render_to_string(
            "evaluations/offer.html", {"courses": [e.course for e in enrolments], "listed": True}, request=request
        )
    return ""


@hooks.register("cohorts_page_sections")
def cohort_results_link(request, *, where, cohort):
    """On a cohort's roster: a link to its evaluation results for its trainers and HR where it is held."""
    if where != "roster" or not request.user.has_perm("evaluations.view_cohort_results", cohort):
        return ""
    return render_to_string("evaluations/cohort_link.html", {"cohort": cohort}, request=request)

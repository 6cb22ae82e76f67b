"""The survey a learner answers after a course, and the results for trainers and HR planners.

Every view asks the policies (policies.py); services raise core errors that the middleware renders.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import Forbidden, InvalidInput, NotFound
from core.exports import FORMATS
from core.exports import response as export_response
from core.http import object_id
from core.permissions import require
from courses.models import CoursePage

from . import anonymity, selectors
from .exports import results_export
from .forms import ResultsFilterForm, SurveyForm
from .services import submit_response


def _course(course_id):
    course = CoursePage.objects.live().filter(pk=object_id(course_id)).first()
    if course is None:
        raise NotFound(_("We could not find this course."))
    return course


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, course_id):
    course = _course(course_id)
    enrolment = selectors.completed_enrolment(request.user, course)
    # The enrolment is checked itself: Django answers has_perm True for a superuser whatever the policy.
    if enrolment is None or not request.user.has_perm("evaluations.answer", enrolment):
        raise Forbidden(_("You can give your opinion on a course once you have completed it."))
    if selectors.has_answered(request.user, course):
        messages.info(request, _("You have already told us what you thought of this course. Thank you!"))
        return redirect(course.url)
    survey = selectors.survey_for(course)
    if survey is None:
        raise NotFound(_("There is no survey for this course."))
    form = SurveyForm(request.POST or None, questions=survey.questions.all())
    if request.method == "POST" and form.is_valid():
        submit_response(person=request.user, course=course, answers=form.answers(), language=get_language())
        messages.success(request, _("Thank you for telling us what you thought of this course."))
        return redirect(course.url)
    status = 400 if form.is_bound else 200
    return TemplateResponse(
        request, "evaluations/answer.html", {"course": course, "survey": survey, "form": form}, status=status
    )


def _filters(request):
    """(form, filters or None) for the results pages; the choices come from what the viewer may read."""
    require(request.user, "evaluations.view_results")
    summaries = selectors.course_summaries(request.user)
    courses = [summary.course for summary in summaries]
    course = None
    raw = request.GET.get("course", "")
    if raw.isdigit() and len(raw) < 12:
        course = next((c for c in courses if c.pk == int(raw)), None)
    cohorts, provinces = selectors.filter_options(request.user, course) if course else ([], [])
    form = ResultsFilterForm(request.GET or None, courses=courses, cohorts=cohorts, provinces=provinces)
    if request.GET and not form.is_valid():
        return summaries, form, None
    data = form.cleaned_data if request.GET else {}
    filters = selectors.Filters(course=course)
    if data.get("cohort"):
        filters.cohort = next(c for c in cohorts if str(c.public_id) == data["cohort"])
    if data.get("province"):
        filters.province = next(p for p in provinces if p.pk == data["province"])
    filters.sex = data.get("sex") or ""
    filters.disability = data.get("disability") or ""
    if filters.course is None and (filters.cohort or filters.province or filters.sex or filters.disability):
        form.add_error("course", _("Choose a course first."))
        return summaries, form, None
    return summaries, form, filters


@login_required
def results(request):
    summaries, form, filters = _filters(request)
    context = {
        "form": form,
        "summaries": summaries,
        "query": request.GET.urlencode(),
        "minimum": anonymity.minimum_answers(),
    }
    if filters is None:
        return TemplateResponse(request, "evaluations/results.html", {**context, "invalid": True}, status=400)
    if filters.course is not None:
        context.update(course=filters.course, results=selectors.results(request.user, filters))
    return TemplateResponse(request, "evaluations/results.html", context)


@login_required
def export(request, fmt):
    require(request.user, "evaluations.view_results")
    if fmt not in FORMATS:
        raise InvalidInput(_("Choose CSV or XLSX."))
    _summaries, _form, filters = _filters(request)
    if filters is None or filters.course is None:
        raise InvalidInput(_("Check the filters and try again."))
    figures = selectors.results(request.user, filters)
    return export_response(results_export(request.user, filters, figures), fmt)

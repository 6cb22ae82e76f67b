"""HR pages for mandatory training: assign (choose, preview, confirm), the report, its exports.

Every view asks the policy (planning.policies); every query starts from the planner's scope.
Services raise core errors and the middleware renders them: no view catches.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from competencies.policies import hr_scope
from competencies.selectors import Filters
from competencies.tables import export_of
from core.errors import InvalidInput, NotFound
from core.exports import response as export_response
from core.permissions import require

from . import reports, selectors, services
from .forms import AssignForm, ReportFilterForm
from .models import Assignment

PREVIEW_NAMES = 30
OVERDUE_LISTED = 200  # on the page; the export holds them all


@login_required
@require_http_methods(["GET", "POST"])
def assign(request):
    require(request.user, "planning.assign_training")
    scope = hr_scope(request.user)
    form = AssignForm(request.POST or None, scope=scope, planner=request.user)
    if request.method == "GET":
        return render(request, "planning/assign.html", {"form": form})
    if not form.is_valid():
        return render(request, "planning/assign.html", {"form": form}, status=400)
    course, cohort = form.cleaned_data.get("course"), form.cleaned_data.get("cohort")
    due_date = form.cleaned_data["due_date"]
    services.check_target(planner=request.user, course=course, cohort=cohort, due_date=due_date)
    chosen = form.people()
    if request.POST.get("confirm"):
        result = services.assign_training(
            planner=request.user, profiles=chosen, due_date=due_date, course=course, cohort=cohort
        )
        created = len(result.created)
        messages.success(
            request,
            ngettext("Training assigned to %(count)s person.", "Training assigned to %(count)s people.", created)
            % {"count": created}
            + (" " + _("%(count)s already had it.") % {"count": result.existing} if result.existing else ""),
        )
        return redirect("planning:report")
    people = services.assignable(request.user, chosen, cohort=cohort)
    target = {"course": course} if course else {"cohort": cohort}
    already = Assignment.objects.filter(learner__staff_profile__in=people, **target).count()
    context = {
        "form": form,
        "preview": True,
        "count": people.count(),
        "already": already,
        "names": list(people[:PREVIEW_NAMES]),
        "training": course.title if course else cohort.title,
    }
    return render(request, "planning/assign.html", context)


def _filtered(request):
    require(request.user, "planning.view_training_report")
    scope = hr_scope(request.user)
    form = ReportFilterForm(request.GET or None, scope=scope)
    if request.GET and not form.is_valid():
        return scope, form, None
    return scope, form, form.filters() if request.GET else Filters()


def _by(request):
    return "office" if request.GET.get("by") == "office" else "province"


@login_required
def report(request):
    scope, form, filters = _filtered(request)
    if filters is None:
        return render(request, "planning/report.html", {"form": form, "invalid": True}, status=400)
    by = _by(request)
    tables = reports.report_tables(scope, filters, by=by)
    overdue = list(selectors.overdue_people(scope, filters)[:OVERDUE_LISTED])
    params = request.GET.copy()
    params.pop("by", None)
    context = {
        "form": form,
        **tables,
        "overdue": reports.overdue_table(overdue),
        "by": by,
        "query": request.GET.urlencode(),
        "filters_query": params.urlencode(),
        "can_assign": request.user.has_perm("planning.assign_training"),
        "overdue_cut": tables["total"].counts["overdue"]["total"] > OVERDUE_LISTED,
        "overdue_listed": OVERDUE_LISTED,
    }
    return render(request, "planning/report.html", context)


@login_required
def export(request, key, fmt):
    if fmt not in ("csv", "xlsx") or key not in ("summary", "groups", "overdue"):
        raise NotFound()
    scope, form, filters = _filtered(request)
    if filters is None:
        raise InvalidInput(_("Check the filters and try again."))
    if key == "overdue":
        table = reports.overdue_table(selectors.overdue_people(scope, filters))
    else:
        table = reports.report_tables(scope, filters, by=_by(request))[key]
    return export_response(export_of(table, request.user, form), fmt)

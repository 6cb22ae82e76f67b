"""HR planners' pages: placing staff in cohorts, fill rates, and the cascade report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core.errors import InvalidInput
from core.permissions import require

from .forms import AssignForm, FillRateFilterForm
from .selectors import cascade_report, fill_rates, provinces_in_scope, staff_for_assignment
from .services import assign
from .views import get_cohort


@login_required
def assign_staff(request, public_id):
    cohort = get_cohort(public_id)
    require(request.user, "cohorts.assign", cohort)
    form = AssignForm(request.POST or None, staff=staff_for_assignment(request.user, cohort))
    if request.method == "POST":
        if not form.is_valid():
            return TemplateResponse(request, "cohorts/assign.html", {"cohort": cohort, "form": form}, status=400)
        people = [profile.user for profile in form.cleaned_data["people"]]
        assign(cohort=cohort, people=people, assigned_by=request.user)
        messages.success(request, _("%(n)s people placed in the cohort.") % {"n": len(people)})
        return redirect("cohorts:roster", public_id=cohort.public_id)
    return TemplateResponse(request, "cohorts/assign.html", {"cohort": cohort, "form": form})


@login_required
def fill_rate_list(request):
    require(request.user, "cohorts.view_fill_rates")
    form = FillRateFilterForm(request.GET or None, provinces=provinces_in_scope(request.user))
    if form.is_bound and not form.is_valid():
        raise InvalidInput(_("Choose a province from the list."))
    province = form.cleaned_data.get("province") if form.is_bound else None
    rows = []
    for cohort in fill_rates(request.user, province=province):
        rate = round(100 * cohort.registered_count / cohort.capacity) if cohort.capacity else 0
        rows.append((cohort, rate))
    return TemplateResponse(request, "cohorts/fill_rates.html", {"rows": rows, "form": form})


@login_required
def cascade(request):
    require(request.user, "cohorts.view_cascade")
    return TemplateResponse(request, "cohorts/cascade.html", {"rows": cascade_report(request.user)})

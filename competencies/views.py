"""HR pages: dashboard, gaps, the people behind a figure, one person, staff import, exports.

Every view asks the rules in rules.py; every query starts from the planner's scope.
"""

import secrets
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.http import error_response
from courses.models import CoursePage, Tier
from people.models import StaffProfile
from people.permissions import require

from . import dashboards, live_training, selectors, services
from .forms import AssessmentForm, FilterForm, ImportForm
from .importing import ImportFileError, check_rows, read_rows
from .models import Competency
from .rules import hr_scope
from .tables import csv_response, xlsx_response

PERSON_SALT = "competencies.person"
IMPORT_SESSION_KEY = "competencies_import"
PEOPLE_PER_PAGE = 50


def person_url(profile):
    token = signing.Signer(salt=PERSON_SALT).sign(str(profile.pk))
    return reverse("competencies:person", args=[token])


def _filtered(request):
    """(scope, filter form, filters or None, drill-down links) for a request of an HR planner."""
    require(request.user, "competencies.view_dashboard")
    scope = hr_scope(request.user)
    form = FilterForm(request.GET or None, scope=scope)
    if request.GET and not form.is_valid():
        return scope, form, None, None
    filters = form.filters() if request.GET else selectors.Filters()
    params = {name: request.GET.get(name, "") for name in form.fields}
    return scope, form, filters, dashboards.Links(params)


def _invalid_filters(request, template, form, extra=None):
    return render(request, template, {"form": form, "invalid": True, **(extra or {})}, status=400)


@login_required
def dashboard(request):
    scope, form, filters, links = _filtered(request)
    if filters is None:
        return _invalid_filters(request, "competencies/dashboard.html", form)
    tables = dashboards.dashboard_tables(scope, filters, links)
    context = {"form": form, **tables, "query": request.GET.urlencode()}
    return render(request, "competencies/dashboard.html", context)


@login_required
def gaps(request):
    scope, form, filters, links = _filtered(request)
    by = "office" if request.GET.get("by") == "office" else "province"
    if filters is None:
        return _invalid_filters(request, "competencies/gaps.html", form, {"by": by})
    tables = dashboards.gap_tables(scope, filters, links, by=by)
    return render(
        request, "competencies/gaps.html", {"form": form, **tables, "by": by, "query": request.GET.urlencode()}
    )


def _drilldown(request):
    """Staff behind one figure, from the same filters (and never outside the planner's scope)."""
    scope, form, filters, _links = _filtered(request)
    if filters is None:
        return form, None, {}
    metric = request.GET.get("metric", "staff")
    tier = request.GET.get("tier", "")
    if tier and tier not in Tier.values:
        tier = ""
    competency = None
    if metric == "gap":
        competency_id = request.GET.get("competency", "")
        competency = Competency.objects.filter(pk=competency_id).first() if competency_id.isdigit() else None
        if competency is None:
            return form, None, {}
    cohort = None
    if metric == "registered" and request.GET.get("cohort"):
        cohort = _listed_cohort(scope, filters, request.GET["cohort"])
        if cohort is None:
            return form, None, {}
    course = None
    if metric == "gain" and request.GET.get("course"):
        course = (
            CoursePage.objects.filter(pk=request.GET["course"]).first() if request.GET["course"].isdigit() else None
        )
        if course is None:
            return form, None, {}
    status = "met" if request.GET.get("status") == "met" else "missing"
    profiles = selectors.people_behind(
        scope,
        filters,
        metric=metric,
        tier=tier,
        competency=competency,
        status=status,
        cohort=cohort,
        course_id=course.pk if course else None,
    )
    about = {
        "metric": metric,
        "tier": tier,
        "competency": competency,
        "status": status,
        "cohort": cohort,
        "course": course,
    }
    return form, profiles, about


def _listed_cohort(scope, filters, public_id):
    """A cohort of the dashboard's list (in scope, upcoming, matching the filters), by its public id."""
    try:
        public_id = uuid.UUID(public_id)
    except ValueError:
        return None
    return live_training.upcoming_cohorts(scope, filters).filter(public_id=public_id).first()


@login_required
def people(request):
    form, profiles, about = _drilldown(request)
    if profiles is None:
        return _invalid_filters(request, "competencies/people.html", form)
    page = Paginator(profiles, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    table = dashboards.people_table(page.object_list, person_url)
    params = request.GET.copy()
    params.pop("page", None)
    context = {"form": form, "table": table, "page": page, "query": params.urlencode(), **about}
    return render(request, "competencies/people.html", context)


def _profile_from_token(request, token):
    try:
        pk = int(signing.Signer(salt=PERSON_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        raise Http404 from None
    profile = StaffProfile.objects.with_organisation().filter(pk=pk).first()
    if profile is None:
        raise Http404
    require(request.user, "competencies.view_person", profile)
    return profile


@login_required
@require_http_methods(["GET", "POST"])
def person(request, token):
    profile = _profile_from_token(request, token)
    form = AssessmentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        require(request.user, "competencies.assess", profile)
        if form.is_valid():
            try:
                services.record_assessment(
                    person=profile.user, assessor=request.user, **{k: v for k, v in form.cleaned_data.items()}
                )
            except services.AssessmentError as error:
                form.add_error("assessed_on", error.message)
            else:
                messages.success(request, _("The assessment has been recorded."))
                return redirect(request.path)
        status = 400
    context = {"profile": profile, "form": form, **selectors.person_competencies(profile)}
    return render(request, "competencies/person.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def import_staff(request):
    require(request.user, "competencies.import_staff")
    scope = hr_scope(request.user)
    if request.method == "POST" and request.POST.get("confirm"):
        return _confirm_import(request, scope)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return render(request, "competencies/import.html", {"form": form})
    if not form.is_valid():
        return render(request, "competencies/import.html", {"form": form}, status=400)
    try:
        rows = read_rows(form.cleaned_data["file"])
    except ImportFileError as error:
        form.add_error("file", error.message)
        return render(request, "competencies/import.html", {"form": form}, status=400)
    check = check_rows(rows, scope)
    if not check.is_valid:
        return render(request, "competencies/import.html", {"form": form, "check": check}, status=400)
    token = secrets.token_urlsafe(16)
    request.session[IMPORT_SESSION_KEY] = {"token": token, "rows": [[line, cells] for line, cells in check.rows]}
    return render(request, "competencies/import.html", {"form": ImportForm(), "check": check, "token": token})


def _confirm_import(request, scope):
    pending = request.session.get(IMPORT_SESSION_KEY) or {}
    if not pending or pending.get("token") != request.POST.get("confirm"):
        return error_response(request, _("This import has expired. Please upload the file again."), status=400)
    rows = [(line, cells) for line, cells in pending["rows"]]
    try:
        counts = services.import_staff(rows=rows, scope=scope)
    except IntegrityError:  # another import created the same person a moment ago; nothing was saved
        return error_response(
            request, _("Someone changed these staff at the same time. Please upload the file again."), status=409
        )
    except services.ImportRejected as rejected:
        check = check_rows(rows, scope)
        check.errors = rejected.errors
        return render(request, "competencies/import.html", {"form": ImportForm(), "check": check}, status=400)
    del request.session[IMPORT_SESSION_KEY]
    messages.success(
        request,
        _("Import done: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.") % counts,
    )
    return redirect("competencies:import")


EXPORTS = {"summary": "dashboard", "tiers": "dashboard", "heatmap": "gaps", "gaps": "gaps", "people": "people"}


@login_required
def export(request, key, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    if key in dashboards.DASHBOARD_PANELS:
        return _export_panel(request, key, fmt)
    if key not in EXPORTS:
        raise Http404
    if EXPORTS[key] == "people":
        form, profiles, _about = _drilldown(request)
        if profiles is None:
            return error_response(request, _("Check the filters and try again."), status=400)
        table = dashboards.people_table(profiles, lambda profile: "")
    else:
        scope, form, filters, links = _filtered(request)
        if filters is None:
            return error_response(request, _("Check the filters and try again."), status=400)
        if EXPORTS[key] == "dashboard":
            table = dashboards.dashboard_tables(scope, filters, links)[key]
        else:
            by = "office" if request.GET.get("by") == "office" else "province"
            table = dashboards.gap_tables(scope, filters, links, by=by)[key]
    return csv_response(table) if fmt == "csv" else xlsx_response(table)


def _export_panel(request, key, fmt):
    """A dashboard panel (upcoming cohorts, ...) as shown on the dashboard; 404 while its app is missing."""
    scope, form, filters, links = _filtered(request)
    if filters is None:
        return error_response(request, _("Check the filters and try again."), status=400)
    table = dashboards.DASHBOARD_PANELS[key](scope, filters, links)
    if table is None:
        raise Http404
    return csv_response(table) if fmt == "csv" else xlsx_response(table)

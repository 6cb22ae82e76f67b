"""HR pages: dashboard, gaps, the people behind a figure, one person, staff import, exports.

Every view asks the policies (policies.py) through `user.has_perm(...)`; every query starts from
the planner's scope. Services raise core errors and the middleware renders them: no view catches.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail import hooks

from core.errors import Conflict, InvalidInput, NotFound
from core.exports import response as export_response
from core.http import object_id
from core.permissions import require, visible_to
from courses.models import CoursePage, Tier
from people.models import StaffProfile

from . import dashboards, live_training, selectors, services
from .forms import AssessmentForm, FilterForm, ImportForm
from .importing import check_rows
from .models import Competency, ImportJob
from .policies import hr_scope
from .tables import export_of
from .tasks import progress_key, run_import

PERSON_SALT = "competencies.person"
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
    context = {"form": form, **tables, "query": request.GET.urlencode(), "sex": filters.sex}
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


def _drill_id(value):
    """An id named by a drill-down link: a bad value is a bad filter (400), a huge number names nothing (404)."""
    if not (value or "").isdigit():
        raise InvalidInput(_("Check the filters and try again."))
    return object_id(value)


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
        competency = Competency.objects.filter(pk=_drill_id(request.GET.get("competency"))).first()
        if competency is None:
            raise InvalidInput(_("Check the filters and try again."))
    cohort = None
    if metric == "registered" and request.GET.get("cohort"):
        cohort = _listed_cohort(scope, filters, request.GET["cohort"])
    course = None
    if metric == "gain" and request.GET.get("course"):
        course = CoursePage.objects.filter(pk=_drill_id(request.GET["course"])).first()
        if course is None:
            raise InvalidInput(_("Check the filters and try again."))
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
        raise InvalidInput(_("Check the filters and try again.")) from None
    cohort = live_training.upcoming_cohorts(scope, filters).filter(public_id=public_id).first()
    if cohort is None:
        raise InvalidInput(_("Check the filters and try again."))
    return cohort


@login_required
def people(request):
    form, profiles, about = _drilldown(request)
    if profiles is None:
        return _invalid_filters(request, "competencies/people.html", form)
    page = Paginator(profiles.values_list("pk", flat=True), PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    table = dashboards.people_table(selectors.profiles_by_pk(page.object_list), person_url)
    params = request.GET.copy()
    params.pop("page", None)
    context = {"form": form, "table": table, "page": page, "query": params.urlencode(), **about}
    return render(request, "competencies/people.html", context)


def _profile_from_token(request, token):
    try:
        pk = int(signing.Signer(salt=PERSON_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        raise NotFound() from None
    profile = StaffProfile.objects.with_organisation().filter(pk=object_id(pk)).first()
    if profile is None:
        raise NotFound()
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
            services.record_assessment(person=profile.user, assessor=request.user, **form.cleaned_data)
            messages.success(request, _("The assessment has been recorded."))
            return redirect(request.path)
        status = 400
    context = {"profile": profile, "form": form, **selectors.person_competencies(profile)}
    return render(request, "competencies/person.html", context, status=status)


RECENT_JOBS = 5
IMPORT_JOB_HOOK = "competencies_import_job_section"  # (request, job) -> HTML or None


@login_required
@require_http_methods(["GET", "POST"])
def import_staff(request):
    """Upload → preview (every row checked; nothing saved) → confirm (a background job, see tasks)."""
    require(request.user, "competencies.import_staff")
    scope = hr_scope(request.user)
    if request.method == "POST" and request.POST.get("confirm"):
        return _confirm_import(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    recent = visible_to(request.user, "competencies.view_import_job", ImportJob.objects.all()).exclude(
        status=ImportJob.Status.PREVIEW
    )[:RECENT_JOBS]
    context = {"form": form, "recent": recent}
    if request.method != "POST":
        return render(request, "competencies/import.html", context)
    if not form.is_valid():
        return render(request, "competencies/import.html", context, status=400)
    check = check_rows(form.rows, scope)
    context.update(form=ImportForm(), check=check)
    if not check.is_valid:
        return render(request, "competencies/import.html", context, status=400)
    # A new preview replaces this person's unconfirmed ones: the checked rows wait in one place only.
    ImportJob.objects.filter(created_by=request.user, status=ImportJob.Status.PREVIEW).delete()
    job = ImportJob.objects.create(
        public_id=uuid.uuid4(),
        created_by=request.user,
        file_name=form.cleaned_data["file"].name[:255],
        language=get_language() or "",
        rows=[[line, cells] for line, cells in check.rows],
        total=len(check.rows),
        send_invitations=form.cleaned_data["send_invitations"],
    )
    return render(request, "competencies/import.html", {**context, "job": job})


def _job(request, public_id):
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError:
        raise NotFound() from None
    job = ImportJob.objects.select_related("created_by").filter(public_id=public_id).first()
    if job is None:
        raise NotFound()
    require(request.user, "competencies.view_import_job", job)
    return job


def _confirm_import(request):
    """Queue the previewed job once (a second click, or a second tab, leads to the same result page)."""
    with transaction.atomic():
        job = _job(request, request.POST["confirm"])
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.created_by_id != request.user.pk:
            raise Conflict(_("Only the person who uploaded this file can confirm it."))
        if job.status == ImportJob.Status.PREVIEW:
            job.status = ImportJob.Status.PENDING
            job.save(update_fields=["status"])
            transaction.on_commit(lambda: run_import.enqueue(job_id=job.pk))
    return redirect("competencies:import_job", public_id=job.public_id)


@login_required
def import_job(request, public_id):
    """Progress and outcome of one import; refreshes itself (no JavaScript) until the job has run."""
    job = _job(request, public_id)
    done = job.total if job.is_finished else (cache.get(progress_key(job.pk)) or 0)
    context = {"job": job, "done": done, "percent": round(100 * done / job.total) if job.total else 100}
    # Apps above add a section about the job's people (notifications: who has not activated yet).
    context["sections"] = [html for hook in hooks.get_hooks(IMPORT_JOB_HOOK) if (html := hook(request, job))]
    return render(request, "competencies/import_job.html", context)


EXPORTS = {"summary": "dashboard", "tiers": "dashboard", "heatmap": "gaps", "gaps": "gaps", "people": "people"}


@login_required
def export(request, key, fmt):
    """A table of the HR pages as CSV or XLSX, through core.exports (formula-safe, saying what it holds)."""
    if fmt not in ("csv", "xlsx"):
        raise NotFound()
    if key not in EXPORTS and key not in dashboards.DASHBOARD_PANELS:
        raise NotFound()
    if EXPORTS.get(key) == "people":
        form, profiles, _about = _drilldown(request)
        if profiles is None:
            raise InvalidInput(_("Check the filters and try again."))
        table = dashboards.people_table(profiles, lambda profile: "")
    else:
        scope, form, filters, links = _filtered(request)
        if filters is None:
            raise InvalidInput(_("Check the filters and try again."))
        if key in dashboards.DASHBOARD_PANELS:
            table = dashboards.panel(key, scope, filters, links)
            if table is None:  # the panel's app is not installed
                raise NotFound()
        elif EXPORTS[key] == "dashboard":
            table = dashboards.dashboard_tables(scope, filters, links, panels=False)[key]
        else:
            by = "office" if request.GET.get("by") == "office" else "province"
            table = dashboards.gap_tables(scope, filters, links, by=by)[key]
    return export_response(export_of(table, request.user, form), fmt)

"""Trainers' pages: My cohorts, the roster, taking attendance, importing a call report, approvals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core.http import error_response
from people.permissions import require

from . import attendance_import
from .forms import ATTENDANCE_CHOICES, AttendanceImportForm, ConfirmImportForm
from .models import AttendanceRecord, Cohort, Participation
from .selectors import meeting_sheet, roster, with_counts
from .services import CohortError, approve, record_attendance
from .views import get_cohort


@login_required
def my_cohorts(request):
    require(request.user, "cohorts.view_mine")
    cohorts = list(
        with_counts(Cohort.objects.trained_by(request.user).select_related("course", "country", "province")).order_by(
            "-end_date", "pk"
        )
    )
    return TemplateResponse(request, "cohorts/my_cohorts.html", {"cohorts": cohorts})


@login_required
def cohort_roster(request, public_id):
    cohort = get_cohort(public_id)
    require(request.user, "cohorts.view_roster", cohort)
    context = {"cohort": cohort, "roster": roster(cohort)}
    return TemplateResponse(request, "cohorts/roster.html", context)


def _meeting(cohort, meeting_id):
    for meeting in cohort.meetings.all():
        if meeting.pk == meeting_id:
            meeting.cohort = cohort
            return meeting
    raise Http404


@login_required
def take_attendance(request, public_id, meeting_id):
    cohort = get_cohort(public_id)
    require(request.user, "cohorts.take_attendance", cohort)
    meeting = _meeting(cohort, meeting_id)
    sheet = meeting_sheet(meeting)
    if request.method == "POST":
        if "all_present" in request.POST:
            statuses = {p.pk: AttendanceRecord.Status.PRESENT for p, _record in sheet}
        else:
            statuses = {p.pk: request.POST.get(f"status-{p.pk}") for p, _record in sheet}
            statuses = {pk: status for pk, status in statuses.items() if status}
        try:
            record_attendance(meeting=meeting, statuses=statuses, recorded_by=request.user)
        except CohortError as error:
            return error_response(request, error.message, status=error.status)
        messages.success(request, _("Attendance saved."))
        return redirect("cohorts:attendance", public_id=cohort.public_id, meeting_id=meeting.pk)
    context = {"cohort": cohort, "meeting": meeting, "sheet": sheet, "choices": ATTENDANCE_CHOICES}
    return TemplateResponse(request, "cohorts/attendance.html", context)


@login_required
def import_attendance(request, public_id):
    """Upload a report, see what matches, then confirm; nothing is saved before the confirmation."""
    cohort = get_cohort(public_id)
    require(request.user, "cohorts.take_attendance", cohort)
    meetings = cohort.meetings.all()
    context = {"cohort": cohort}
    if request.method == "POST" and "confirm" in request.POST:
        form = ConfirmImportForm(request.POST, meetings=meetings)
        if not form.is_valid():
            return error_response(request, _("The preview has expired. Upload the report again."), status=400)
        return _confirm_import(request, cohort, form)
    form = AttendanceImportForm(request.POST or None, request.FILES or None, meetings=meetings)
    if request.method == "POST":
        if not form.is_valid():
            return TemplateResponse(request, "cohorts/import.html", {**context, "form": form}, status=400)
        meeting = form.cleaned_data["meeting"]
        meeting.cohort = cohort
        try:
            text = attendance_import.decode(form.cleaned_data["report"].read())
            preview = attendance_import.preview(text=text, participations=_registered(cohort))
        except attendance_import.ReportError as error:
            form.add_error("report", error.message)
            return TemplateResponse(request, "cohorts/import.html", {**context, "form": form}, status=400)
        confirm = ConfirmImportForm(initial={"meeting": meeting.pk, "report_text": text}, meetings=meetings)
        context.update(meeting=meeting, preview=preview, confirm=confirm)
        return TemplateResponse(request, "cohorts/import_preview.html", context)
    return TemplateResponse(request, "cohorts/import.html", {**context, "form": form})


def _registered(cohort):
    return list(
        Participation.objects.filter(cohort=cohort, status=Participation.Status.REGISTERED).select_related("person")
    )


def _confirm_import(request, cohort, form):
    meeting = form.cleaned_data["meeting"]
    meeting.cohort = cohort
    try:
        preview = attendance_import.preview(text=form.cleaned_data["report_text"], participations=_registered(cohort))
        record_attendance(
            meeting=meeting,
            statuses=preview.statuses(),
            recorded_by=request.user,
            source=AttendanceRecord.Source.IMPORT,
        )
    except attendance_import.ReportError as error:
        return error_response(request, error.message, status=400)
    except CohortError as error:
        return error_response(request, error.message, status=error.status)
    messages.success(
        request,
        _("Attendance imported: %(present)s present, %(absent)s absent.")
        % {"present": len(preview.matched), "absent": len(preview.absent)},
    )
    return redirect("cohorts:roster", public_id=cohort.public_id)


@login_required
def approve_participant(request, public_id, participation_id):
    if request.method != "POST":
        return error_response(request, _("This action is not possible here."), status=405)
    cohort = get_cohort(public_id)
    require(request.user, "cohorts.approve", cohort)
    participation = Participation.objects.filter(cohort=cohort, pk=participation_id).first()
    if participation is None:
        raise Http404
    try:
        approve(participation=participation)
    except CohortError as error:
        return error_response(request, error.message, status=error.status)
    messages.success(request, _("Request approved."))
    return redirect("cohorts:roster", public_id=cohort.public_id)

"""Trainers' pages: My cohorts, the roster, taking attendance, importing a call report, approvals.

Permissions are asked of the cohorts policies (`user.has_perm`, `visible_to`); refusals are core
errors that the middleware renders; every write is one service call in one transaction.
"""

import secrets
import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Gone, NotAllowedHere
from core.http import object_id
from core.permissions import require, visible_to

from . import attendance_import
from .forms import ATTENDANCE_CHOICES, AttendanceImportForm, ConfirmImportForm
from .models import AttendanceRecord, Cohort, Meeting, Participation
from .selectors import cohort_for_sheet, meeting_sheet, roster, with_counts
from .services import approve, mark_unmarked_present, record_attendance, refuse, regenerate_checkin_code
from .services import import_attendance as save_import
from .views import get_cohort

# How long an import preview can be confirmed; after that the report must be uploaded again.
PREVIEW_SECONDS = 30 * 60
_PREVIEW_KEY = "cohorts-import-preview-{}"


@login_required
def my_cohorts(request):
    require(request.user, "cohorts.view_mine")
    cohorts = visible_to(
        request.user, "cohorts.view_mine", Cohort.objects.select_related("course", "country", "province")
    )
    cohorts = list(with_counts(cohorts).order_by("-end_date", "pk"))
    return TemplateResponse(request, "cohorts/my_cohorts.html", {"cohorts": cohorts})


@login_required
def cohort_roster(request, public_id):
    cohort = get_cohort(public_id)
    require(request.user, "cohorts.view_roster", cohort)
    trains = request.user.has_perm("cohorts.take_attendance", cohort)
    context = {
        "cohort": cohort,
        # The cohort's trainers see everyone; an HR planner sees the people of their scope, the rest counted.
        "roster": roster(cohort, viewer=None if trains else request.user),
        "can_take_attendance": trains,
    }
    return TemplateResponse(request, "cohorts/roster.html", context)


def _meeting(cohort, meeting_id):
    meeting_id = object_id(meeting_id)
    for meeting in cohort.meetings.all():
        if meeting.pk == meeting_id:
            meeting.cohort = cohort
            return meeting
    raise Http404


def _sheet_cohort(public_id):
    """The cohort of an attendance page, without its course and counts (selectors.cohort_for_sheet)."""
    cohort = cohort_for_sheet(public_id)
    if cohort is None:
        raise Http404
    return cohort


@login_required
def take_attendance(request, public_id, meeting_id):
    cohort = _sheet_cohort(public_id)
    require(request.user, "cohorts.take_attendance", cohort)
    meeting = _meeting(cohort, meeting_id)
    sheet = meeting_sheet(meeting)
    if request.method == "POST":
        statuses = {p.pk: request.POST.get(f"status-{p.pk}") for p, _record in sheet}
        statuses = {pk: status for pk, status in statuses.items() if status}
        record_attendance(meeting=meeting, statuses=statuses, recorded_by=request.user)
        messages.success(request, _("Attendance saved."))
        return redirect("cohorts:attendance", public_id=cohort.public_id, meeting_id=meeting.pk)
    context = {
        "cohort": cohort,
        "meeting": meeting,
        "sheet": sheet,
        "choices": ATTENDANCE_CHOICES,
        "started": meeting.has_started(),
        "unmarked": sum(1 for _p, record in sheet if record is None),
    }
    return TemplateResponse(request, "cohorts/attendance.html", context)


@login_required
def all_present(request, public_id, meeting_id):
    """ "All present" asks first: the page lists who would be marked; only the POST saves."""
    cohort = _sheet_cohort(public_id)
    require(request.user, "cohorts.take_attendance", cohort)
    meeting = _meeting(cohort, meeting_id)
    if request.method == "POST":
        count = mark_unmarked_present(meeting=meeting, recorded_by=request.user)
        messages.success(request, _("%(n)s people marked present; statuses already recorded were kept.") % {"n": count})
        return redirect("cohorts:attendance", public_id=cohort.public_id, meeting_id=meeting.pk)
    sheet = meeting_sheet(meeting)
    context = {
        "cohort": cohort,
        "meeting": meeting,
        "started": meeting.has_started(),
        "unmarked": [p for p, record in sheet if record is None],
        "marked": [(p, record) for p, record in sheet if record is not None],
    }
    return TemplateResponse(request, "cohorts/all_present.html", context)


@login_required
def new_checkin_code(request, public_id, meeting_id):
    if request.method != "POST":
        raise NotAllowedHere()
    cohort = get_cohort(public_id)
    meeting = _meeting(cohort, meeting_id)
    require(request.user, "cohorts.regenerate_checkin_code", meeting)
    regenerate_checkin_code(meeting=meeting)
    messages.success(request, _("A new check-in code was made; the old one no longer works."))
    return redirect("cohorts:attendance", public_id=cohort.public_id, meeting_id=meeting.pk)


def _started_meetings(cohort):
    """Only meetings that have begun can take attendance, so only they are offered."""
    return Meeting.objects.filter(cohort=cohort, starts_at__lte=timezone.now()).order_by("starts_at", "pk")


@login_required
def import_attendance(request, public_id):
    """Upload a report, see what matches and what it would change, then confirm; nothing is saved before."""
    cohort = get_cohort(public_id)
    require(request.user, "cohorts.take_attendance", cohort)
    meetings = _started_meetings(cohort)
    context = {"cohort": cohort}
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm_import(request, cohort, meetings)
    form = AttendanceImportForm(request.POST or None, request.FILES or None, meetings=meetings)
    if request.method == "POST":
        if not form.is_valid():
            return TemplateResponse(request, "cohorts/import.html", {**context, "form": form}, status=400)
        meeting = form.cleaned_data["meeting"]
        meeting.cohort = cohort
        text = form.cleaned_data["text"]
        preview = _preview(cohort, meeting, text)
        token = secrets.token_urlsafe(16)
        request.session[_PREVIEW_KEY.format(cohort.pk)] = {
            "token": token,
            "meeting": meeting.pk,
            "text": text,
            "made": time.time(),
            "by": request.user.pk,
        }
        confirm = ConfirmImportForm(initial={"token": token}, conflicts=preview.conflicts)
        context.update(meeting=meeting, preview=preview, confirm=confirm)
        return TemplateResponse(request, "cohorts/import_preview.html", context)
    return TemplateResponse(request, "cohorts/import.html", {**context, "form": form})


def _preview(cohort, meeting, text):
    participations = list(
        Participation.objects.filter(cohort=cohort, status=Participation.Status.REGISTERED).select_related("person")
    )
    records = {r.participation_id: r for r in AttendanceRecord.objects.filter(meeting=meeting)}
    return attendance_import.preview(text=text, participations=participations, records=records)


def _confirm_import(request, cohort, meetings):
    stored = request.session.get(_PREVIEW_KEY.format(cohort.pk))
    expired = (
        stored is None
        or stored.get("token") != request.POST.get("token")
        or stored.get("by") != request.user.pk
        or time.time() - stored.get("made", 0) > PREVIEW_SECONDS
    )
    if expired:
        raise Gone(_("The preview has expired. Upload the report again."))
    meeting = meetings.filter(pk=stored["meeting"]).first()
    if meeting is None:
        raise Gone(_("The preview has expired. Upload the report again."))
    meeting.cohort = cohort
    # Computed again from the records as they are now: a check-in made since the preview is kept.
    preview = _preview(cohort, meeting, stored["text"])
    chosen = {value for value in request.POST.getlist("overwrite") if value.isdigit() and len(value) < 20}
    overwrite = {p.pk for p, _e, _r in preview.conflicts if str(p.pk) in chosen}
    save_import(meeting=meeting, preview=preview, overwrite=overwrite, recorded_by=request.user)
    del request.session[_PREVIEW_KEY.format(cohort.pk)]
    present = len(preview.matched) + len([1 for p, _e, _r in preview.conflicts if p.pk in overwrite])
    messages.success(
        request,
        _("Attendance imported: %(present)s present, %(absent)s absent.")
        % {"present": present, "absent": len(preview.absent)},
    )
    return redirect("cohorts:roster", public_id=cohort.public_id)


@login_required
def approve_participant(request, public_id, participation_id):
    if request.method != "POST":
        raise NotAllowedHere()
    cohort = get_cohort(public_id)
    require(request.user, "cohorts.approve", cohort)
    participation = Participation.objects.filter(cohort=cohort, pk=object_id(participation_id)).first()
    if participation is None:
        raise Http404
    approve(participation=participation)
    messages.success(request, _("Request approved."))
    return redirect("cohorts:roster", public_id=cohort.public_id)


@login_required
def refuse_participant(request, public_id, participation_id):
    if request.method != "POST":
        raise NotAllowedHere()
    cohort = get_cohort(public_id)
    require(request.user, "cohorts.approve", cohort)
    participation = Participation.objects.filter(cohort=cohort, pk=object_id(participation_id)).first()
    if participation is None:
        raise Http404
    refuse(participation=participation)
    messages.success(request, _("Request refused."))
    return redirect("cohorts:roster", public_id=cohort.public_id)

"""Cohort pages for everyone: the list of upcoming cohorts, a cohort's page, calendar files, check-in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from core.errors import Forbidden, InvalidInput
from core.http import object_id

from . import ics
from .forms import CheckInForm, CohortFilterForm
from .models import AttendanceRecord, Participation
from .selectors import attach_trainer_ids, cohort_for_page, listed_cohorts
from .services import check_in, register, withdraw


def get_cohort(public_id):
    cohort = cohort_for_page(public_id)
    if cohort is None:
        raise Http404
    return attach_trainer_ids(cohort)


def cohort_list(request):
    form = CohortFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        raise InvalidInput(_("Choose a kind, province and language from the lists."))
    filters = form.cleaned_data if form.is_bound else {}
    cohorts = listed_cohorts(
        kind=filters.get("kind", ""), province=filters.get("province"), language=filters.get("language", "")
    )
    context = {
        "form": form,
        "cohorts": cohorts,
        "can_view_fill_rates": request.user.has_perm("cohorts.view_fill_rates"),
        "can_view_cascade": request.user.has_perm("cohorts.view_cascade"),
    }
    return TemplateResponse(request, "cohorts/cohort_list.html", context)


def _participation_of(user, cohort):
    if not user.is_authenticated:
        return None
    return Participation.objects.filter(cohort=cohort, person=user).select_related("enrolment").first()


def cohort_detail(request, public_id):
    cohort = get_cohort(public_id)
    if request.method == "POST":
        return _cohort_action(request, cohort)
    participation = _participation_of(request.user, cohort)
    registered = participation is not None and participation.status == Participation.Status.REGISTERED
    is_trainer = request.user.has_perm("cohorts.take_attendance", cohort)
    meetings = list(cohort.meetings.all())
    for meeting in meetings:
        meeting.cohort = cohort
    attended = None
    if registered:
        attended = AttendanceRecord.objects.filter(
            participation=participation, status__in=AttendanceRecord.ATTENDED
        ).count()
    context = {
        "cohort": cohort,
        "meetings": meetings,
        "attended": attended,
        "participation": participation,
        "show_links": registered or is_trainer,
        "is_trainer": is_trainer,
        "can_register": request.user.has_perm("cohorts.register", cohort) and not cohort.is_over,
        "can_view_roster": request.user.has_perm("cohorts.view_roster", cohort),
        "can_assign": request.user.has_perm("cohorts.assign", cohort),
        "places_left": max(0, cohort.capacity - cohort.registered_count),
    }
    return TemplateResponse(request, "cohorts/cohort_detail.html", context)


def _cohort_action(request, cohort):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    action = request.POST.get("action")
    if action == "register":
        if not request.user.has_perm("cohorts.register", cohort):
            raise Forbidden(_("Places in this cohort are assigned by HR."))
        participation = register(cohort=cohort, person=request.user)
        messages.success(request, _status_message(participation))
    elif action == "withdraw":
        participation = _participation_of(request.user, cohort)
        if participation is None or participation.status == Participation.Status.WITHDRAWN:
            raise InvalidInput(_("You are not registered in this cohort."))
        withdraw(participation=participation)
        messages.success(request, _("You have left this cohort."))
    else:
        raise InvalidInput(_("This action is not possible here."))
    return redirect("cohorts:detail", public_id=cohort.public_id)


def _status_message(participation):
    if participation.status == Participation.Status.REGISTERED:
        return _("You are registered.")
    if participation.status == Participation.Status.WAITING:
        return _("The cohort is full: you are number %(n)s on the waiting list.") % {
            "n": participation.waiting_position
        }
    return _("Your request was sent. A trainer or HR will review it; your status shows on this page.")


def cohort_calendar(request, public_id, meeting_id=None):
    cohort = get_cohort(public_id)
    meetings = list(cohort.meetings.all())
    if meeting_id is not None:
        meeting_id = object_id(meeting_id)
        meetings = [m for m in meetings if m.pk == meeting_id]
        if not meetings:
            raise Http404
    for meeting in meetings:
        meeting.cohort = cohort
    with_links = request.user.has_perm("cohorts.see_join_links", cohort)
    url = request.build_absolute_uri(reverse("cohorts:detail", args=[cohort.public_id]))
    body = ics.calendar(meetings, title=cohort.title, with_links=with_links, url=url)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    name = f"meeting-{meeting_id}" if meeting_id else "cohort"
    response["Content-Disposition"] = f'attachment; filename="{name}.ics"'
    return response


@login_required
def checkin(request):
    form = CheckInForm(request.POST or None, initial={"code": request.GET.get("code", "")[:12]}, person=request.user)
    if request.method == "POST":
        if not form.is_valid():
            return TemplateResponse(request, "cohorts/checkin.html", {"form": form}, status=400)
        meeting, record = check_in(person=request.user, code=form.cleaned_data["code"])
        messages.success(
            request, _("You are checked in: %(status)s.") % {"status": record.get_status_display().lower()}
        )
        return redirect("cohorts:detail", public_id=meeting.cohort.public_id)
    return TemplateResponse(request, "cohorts/checkin.html", {"form": form})

"""Accounts for imported staff: activate with the e-mailed link or a printed code; the HR page of
people who have not activated yet (scope-limited), with resend and printable activation codes."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import InvalidInput, NotFound
from core.http import object_id
from core.permissions import require, visible_to

from . import invitations
from .forms import ActivationCodeForm, NewPasswordForm
from .models import Invitation

MAX_SELECTED = 500


def pending_invitations(user, *, job=None):
    """Invitations in the user's HR scope whose person has not set a password yet (3 queries)."""
    queryset = Invitation.objects.filter(
        activated_at__isnull=True, user__is_active=True, user__password__startswith=UNUSABLE_PASSWORD_PREFIX
    )
    if job is not None:
        queryset = queryset.filter(import_job=job)
    queryset = visible_to(user, "notifications.manage_invitation", queryset)
    return list(
        queryset.select_related("user__staff_profile__province", "user__staff_profile__office").order_by(
            "user__staff_profile__province__name", "user__last_name", "user__first_name", "pk"
        )
    )


@require_http_methods(["GET", "POST"])
def activate(request, token):
    """The invitation link: set a first password (the link then stops working)."""
    user = invitations.user_for_token(token)
    form = NewPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitations.activate(user=user, password=form.cleaned_data["new_password1"])
        messages.success(
            request, _("Your password is set. Log in with your user name: %(username)s") % {"username": user.username}
        )
        return redirect("people:login")
    context = {"form": form, "person": user}
    return render(request, "notifications/activate.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def activate_with_code(request):
    """User name + the printed activation code + a first password, on one page."""
    code_form = ActivationCodeForm(request.POST or None)
    password_form = NewPasswordForm(None, request.POST or None)
    if request.method == "POST" and code_form.is_valid():
        user = invitations.check_code(username=code_form.cleaned_data["username"], code=code_form.cleaned_data["code"])
        password_form = NewPasswordForm(user, request.POST)
        if password_form.is_valid():
            invitations.activate(user=user, password=password_form.cleaned_data["new_password1"])
            messages.success(request, _("Your password is set. You can log in now."))
            return redirect("people:login")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "notifications/activate_code.html", {"form": code_form, "password_form": password_form}, status=status
    )


def _job_filter(request):
    from competencies.models import ImportJob

    raw = request.GET.get("job") or request.POST.get("job")
    if not raw:
        return None
    try:
        public_id = uuid.UUID(str(raw))
    except ValueError:
        raise NotFound() from None
    job = ImportJob.objects.filter(public_id=public_id).first()
    if job is None or not request.user.has_perm("competencies.view_import_job", job):
        raise NotFound()
    return job


@login_required
@require_http_methods(["GET", "POST"])
def pending_accounts(request):
    """HR: staff in scope who have not activated their account; resend the e-mail, print codes."""
    require(request.user, "notifications.manage_invitations")
    job = _job_filter(request)
    pending = pending_invitations(request.user, job=job)
    if request.method == "POST":
        ids = {object_id(value) for value in request.POST.getlist("invitation")[:MAX_SELECTED]}
        chosen = [i for i in pending if i.pk in ids]
        if not chosen:
            raise InvalidInput(_("Choose at least one person."))
        if request.POST.get("action") == "codes":
            issued = invitations.new_codes(invitations=chosen)
            context = {
                "issued": issued,
                "days": invitations.CODE_MAX_AGE.days,
                "activate_url": request.build_absolute_uri(reverse("notifications:activate_code")),
            }
            return render(request, "notifications/codes_print.html", context)
        count = invitations.resend(invitations=chosen)
        messages.success(request, _("Invitations queued: %(count)s.") % {"count": count})
        return redirect(request.get_full_path())
    return render(request, "notifications/pending_accounts.html", {"pending": pending, "job": job})

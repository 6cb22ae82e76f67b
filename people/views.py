"""Account views: sign up, log in and out, password change and reset, the profile page."""

from axes.helpers import get_client_ip_address
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy, translate_url
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import NotFound
from core.http import error_response, set_language_cookie

from .forms import ProfileForm, SignUpForm
from .models import Role, StaffProfile
from .permissions import has_role, is_administrator, roles_of, scope_for
from .services import confirm_email_change, create_staff, password_reset_allowed, request_email_change


def landing_url(user):
    """Where a person's work is after login: administrators and editors in the admin, HR planners
    on the HR dashboard, trainers on their cohorts, everyone else on My learning."""
    if is_administrator(user):
        return reverse("wagtailadmin_home")
    if not scope_for(user, Role.HR_PLANNER).is_empty:
        return reverse("competencies:dashboard")
    if has_role(user, Role.TRAINER):
        return reverse("cohorts:mine")
    if has_role(user, Role.CONTENT_EDITOR):
        return reverse("wagtailadmin_home")
    return reverse("courses:my_learning")


class LoginView(auth_views.LoginView):
    template_name = "people/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        # Only when no safe ?next= was given: an explicit destination always wins.
        return landing_url(self.request.user)

    def get_success_url(self):
        url = super().get_success_url()
        language = self.request.user.preferred_language
        return translate_url(url, language) if language else url

    def form_valid(self, form):
        response = super().form_valid(form)
        language = form.get_user().preferred_language
        if language:
            set_language_cookie(response, language)
        return response


class LogoutView(auth_views.LogoutView):
    pass


# Class attributes are read once at import: their strings are lazy so each request reads its own language.
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "people/form_page.html"
    success_url = reverse_lazy("people:profile")
    extra_context = {"title": gettext_lazy("Change password")}

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "people/form_page.html"
    email_template_name = "people/password_reset_email.txt"
    subject_template_name = "people/password_reset_subject.txt"
    success_url = reverse_lazy("people:password_reset_done")
    extra_context = {"title": gettext_lazy("Reset your password")}

    def form_valid(self, form):
        allowed = password_reset_allowed(address=get_client_ip_address(self.request), email=form.cleaned_data["email"])
        if not allowed:
            # The same page as when an e-mail went out: the answer never tells whether an account exists.
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "people/message_page.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Check your e-mail"),
            message=_("If an account uses this address, we have sent a link to choose a new password."),
            note=gettext_lazy(
                "We send at most %(limit)s such e-mails an hour to one address. If none arrives, wait an hour "
                "and ask again."
            )
            % {"limit": settings.PASSWORD_RESET_LIMIT},
            **kwargs,
        )


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "people/form_page.html"
    success_url = reverse_lazy("people:password_reset_complete")
    extra_context = {"title": gettext_lazy("Choose a new password")}

    def form_valid(self, form):
        response = super().form_valid(form)
        # Whoever proved they own the address may log in at once: the account's lock is lifted
        # (a lock on the client address stays until its cool-off ends).
        axes_reset(username=form.user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "people/message_page.html"
    extra_context = {
        "title": gettext_lazy("Password changed"),
        "message": gettext_lazy("You can now log in with your new password."),
    }


def locked_out(request, response=None, credentials=None):
    """django-axes lockout page (AXES_LOCKOUT_CALLABLE): translated, with the cool-off time, status 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Too many failed login attempts. For your security, logging in is paused for %(minutes)s minutes. "
        "You can reset your password meanwhile."
    ) % {"minutes": minutes}
    return error_response(request, message, status=429).render()


def signup(request):
    if not settings.ALLOW_SIGNUP:
        raise NotFound()
    if request.user.is_authenticated:
        return redirect(landing_url(request.user))
    form = SignUpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            user = create_staff(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                preferred_language=request.LANGUAGE_CODE,
                profile=form.profile_values(),
            )
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect(reverse("courses:my_learning"))
        status = 400
    return render(request, "people/signup.html", {"form": form}, status=status)


@login_required
def profile(request):
    staff = StaffProfile.objects.with_organisation().filter(user=request.user).first()
    form = ProfileForm(request.POST or None, instance=request.user, staff=staff)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            language = form.cleaned_data["preferred_language"]
            with transaction.atomic():
                form.save()
                sent = request_email_change(
                    user=request.user,
                    new_email=form.cleaned_data["email"],
                    base_url=request.build_absolute_uri("/"),
                    language=language,
                )
            messages.success(request, _("Your profile has been saved."))
            if sent:
                messages.info(
                    request,
                    _("We have sent a link to %(email)s. Your e-mail changes when you open it.")
                    % {"email": form.cleaned_data["email"]},
                )
            response = redirect(translate_url(reverse("people:profile"), language))
            set_language_cookie(response, language)
            return response
        status = 400
    return render(
        request,
        "people/profile.html",
        {"form": form, "staff": staff, "roles": sorted(roles_of(request.user))},
        status=status,
    )


@login_required
def confirm_email(request, token):
    """The link mailed to a new address: the change applies when its owner, logged in, opens it."""
    email = confirm_email_change(user=request.user, token=token)
    messages.success(request, _("Your e-mail is now %(email)s.") % {"email": email})
    return redirect("people:profile")

"""Account views: sign up, log in and out, password change and reset, the profile page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy, translate_url
from django.utils.translation import gettext as _

from core.http import set_language_cookie

from .forms import ProfileForm, SignUpForm
from .models import StaffProfile
from .permissions import roles_of
from .services import create_staff


class LoginView(auth_views.LoginView):
    template_name = "people/login.html"
    redirect_authenticated_user = True

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


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "people/form_page.html"
    success_url = reverse_lazy("people:profile")
    extra_context = {"title": _("Change password")}

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "people/form_page.html"
    email_template_name = "people/password_reset_email.txt"
    subject_template_name = "people/password_reset_subject.txt"
    success_url = reverse_lazy("people:password_reset_done")
    extra_context = {"title": _("Reset your password")}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "people/message_page.html"
    extra_context = {
        "title": _("Check your e-mail"),
        "message": _("If an account uses this address, we have sent a link to choose a new password."),
    }


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "people/form_page.html"
    success_url = reverse_lazy("people:password_reset_complete")
    extra_context = {"title": _("Choose a new password")}


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "people/message_page.html"
    extra_context = {"title": _("Password changed"), "message": _("You can now log in with your new password.")}


def signup(request):
    if not settings.ALLOW_SIGNUP:
        raise Http404
    if request.user.is_authenticated:
        return redirect("courses:my_learning")
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
            with transaction.atomic():
                form.save()
            messages.success(request, _("Your profile has been saved."))
            language = form.cleaned_data["preferred_language"]
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

"""Forms: e-mail choices per kind of notification; activation with a code."""

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from .models import IN_APP_ONLY, Delivery, Kind


class PreferencesForm(forms.Form):
    """One choice per kind: e-mail at once, in the daily digest, or no e-mail."""

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            if kind in IN_APP_ONLY:
                continue
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label, choices=Delivery.choices, initial=current[kind], widget=forms.RadioSelect
            )


class ActivationCodeForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    code = forms.CharField(
        label=_("Activation code"),
        max_length=20,
        help_text=_("The code on the paper your HR planner gave you (capital letters and digits)."),
    )


class NewPasswordForm(SetPasswordForm):
    """Django's set-password form (its validators), for a first password."""

"""Forms for the course pages: the catalogue filter and the learner's actions."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Tier


class CatalogFilterForm(forms.Form):
    tier = forms.ChoiceField(
        label=_("Tier"),
        required=False,
        choices=[("", _("All tiers"))] + list(Tier.choices),
        error_messages={"invalid_choice": _("There is no tier called “%(value)s”.")},
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("All languages"))] + list(settings.LANGUAGES),
        error_messages={"invalid_choice": _("There is no language with the code “%(value)s”.")},
    )

    def filter(self, courses):
        tier = self.cleaned_data.get("tier")
        language = self.cleaned_data.get("language")
        if tier:
            courses = [course for course in courses if course.tier == tier]
        if language:
            courses = [course for course in courses if language in (course.languages or [])]
        return courses


class CourseActionForm(forms.Form):
    """What a learner posts to a course or lesson page: one named action."""

    action = forms.ChoiceField(
        choices=[("enrol", "enrol"), ("complete", "complete")],
        error_messages={
            "required": _("The form was incomplete. Please try again."),
            "invalid_choice": _("This action is not possible here."),
        },
    )

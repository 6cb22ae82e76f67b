"""Forms of the HR training pages: choosing people and training (assign), filtering the report.

Every choice comes from the planner's scope (competencies.forms.FilterForm narrows country →
province → office inside it), so a place outside the scope is not a valid choice: a forged POST
naming one is a 400, and even then the service assigns only people the policy lets it.
"""

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort
from competencies.forms import LATEST, FilterForm
from competencies.models import Competency
from competencies.selectors import people_behind, staff_for
from core.permissions import visible_to
from courses.models import CoursePage, Tier

from . import selectors

NOT_FOR_CHOOSING_PEOPLE = ("sex", "disability", "date_from", "date_to")


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class CohortChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.start_date:%Y-%m-%d})"


class AssignForm(FilterForm):
    """Who (country, province, office, position, a gap in the competency report), what, and by when."""

    gap = forms.ModelChoiceField(
        label=_("Missing the competency"),
        queryset=Competency.objects.select_related("area"),
        required=False,
        empty_label=_("Any"),
        help_text=_("Only people whose position requires this competency and who do not hold it yet."),
    )
    course = CourseChoiceField(label=_("Course"), queryset=None, required=False, empty_label=_("None"))
    cohort = CohortChoiceField(label=_("Or a cohort"), queryset=None, required=False, empty_label=_("None"))
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data=None, *, scope, planner):
        super().__init__(data, scope=scope)
        for name in NOT_FOR_CHOOSING_PEOPLE:
            del self.fields[name]
        self.scope, self.planner = scope, planner
        self.fields["course"].queryset = CoursePage.objects.live().filter(tier=Tier.SELF_PACED).order_by("title")
        cohorts = Cohort.objects.upcoming().select_related("country").order_by("start_date", "pk")
        self.fields["cohort"].queryset = visible_to(planner, "cohorts.assign", cohorts)

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < selectors.today():
            raise forms.ValidationError(_("The due date has passed. Choose a later date."))
        if due > LATEST or due > selectors.today() + timedelta(days=3 * 366):
            raise forms.ValidationError(_("Choose a due date within three years."))
        return due

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("course")) == bool(cleaned.get("cohort")) and not self.has_error("course"):
            self.add_error("course", _("Choose either a course or a cohort."))
        return cleaned

    def people(self):
        """The staff profiles chosen (not yet limited to those the service may assign)."""
        filters = self.filters()
        gap = self.cleaned_data.get("gap")
        if gap is not None:
            return people_behind(self.scope, filters, metric="gap", competency=gap, status="missing")
        return staff_for(self.scope, filters).with_organisation().order_by("province__name", "user__last_name", "pk")


class ReportFilterForm(FilterForm):
    """The dashboard's filters without the completion period (the report is about due dates)."""

    def __init__(self, data=None, *, scope):
        super().__init__(data, scope=scope)
        del self.fields["date_from"]
        del self.fields["date_to"]

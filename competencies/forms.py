"""Forms of the HR pages: the dashboard filters (limited to the planner's scope), assessments, imports."""

from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from core.errors import InvalidInput
from people.models import Position, Sex

from .models import Competency, ProficiencyLevel
from .selectors import Filters, countries_in, offices_in, provinces_in

DISABILITY_CHOICES = [
    ("", _("Everyone")),
    ("yes", _("With a disability")),
    ("no", _("Without a disability")),
    ("not_stated", _("Not stated")),
]


# Dates outside these bounds name no training and cannot be turned into a period (9999-12-31 + 1 day).
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)
PERIOD_LIMITS = [
    MinValueValidator(EARLIEST, message=_("Choose a date from 2000 onwards.")),
    MaxValueValidator(LATEST, message=_("Choose a date before 2101.")),
]


def _chosen_id(data, name):
    """The id chosen for `name` in raw filter data, if it is a plausible id (the field validates it)."""
    value = (data or {}).get(name) or ""
    return int(value) if value.isdigit() and len(value) < 10 else None


class FilterForm(forms.Form):
    """Choices come from the planner's scope, so a province outside it is not a valid choice."""

    country = forms.ModelChoiceField(label=_("Country"), queryset=None, required=False, empty_label=_("All"))
    province = forms.ModelChoiceField(label=_("Province"), queryset=None, required=False, empty_label=_("All"))
    office = forms.ModelChoiceField(label=_("Office"), queryset=None, required=False, empty_label=_("All"))
    position = forms.ModelChoiceField(
        label=_("Position"), queryset=Position.objects.all(), required=False, empty_label=_("All")
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", _("All"))] + list(Sex.choices), required=False)
    disability = forms.ChoiceField(label=_("Disability"), choices=DISABILITY_CHOICES, required=False)
    date_from = forms.DateField(
        label=_("Completed from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=PERIOD_LIMITS,
    )
    date_to = forms.DateField(
        label=_("Completed until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=PERIOD_LIMITS,
    )

    def __init__(self, data=None, *, scope):
        super().__init__(data)
        # Each choice narrows the next (country → provinces → offices), always inside the scope:
        # a Lao planner is never offered a Cambodian province, and offices follow the province.
        countries, provinces, offices = countries_in(scope), provinces_in(scope), offices_in(scope)
        country_id, province_id = _chosen_id(data, "country"), _chosen_id(data, "province")
        if country_id:
            provinces = provinces.filter(country_id=country_id)
            offices = offices.filter(province__country_id=country_id)
        if province_id:
            offices = offices.filter(province_id=province_id)
        self.fields["country"].queryset = countries
        self.fields["province"].queryset = provinces
        self.fields["office"].queryset = offices

    def clean(self):
        cleaned = super().clean()
        country, province, office = cleaned.get("country"), cleaned.get("province"), cleaned.get("office")
        if country and province and province.country_id != country.pk:
            self.add_error("province", _("This province is not in the chosen country."))
        if province and office and office.province_id != province.pk:
            self.add_error("office", _("This office is not in the chosen province."))
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period is before its start."))
        return cleaned

    def filters(self):
        data = self.cleaned_data
        return Filters(
            **{name: data.get(name) or None for name in ("country", "province", "office", "position")},
            sex=data.get("sex") or "",
            disability=data.get("disability") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class AssessmentForm(forms.Form):
    competency = forms.ModelChoiceField(label=_("Competency"), queryset=Competency.objects.all())
    level = forms.ModelChoiceField(label=_("Level"), queryset=ProficiencyLevel.objects.all())
    assessed_on = forms.DateField(label=_("Assessed on"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_months = forms.IntegerField(
        label=_("Valid for (months)"),
        required=False,
        min_value=1,
        max_value=120,
        help_text=_("Leave empty if no refresher is needed."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def clean_assessed_on(self):
        from django.utils import timezone

        assessed_on = self.cleaned_data["assessed_on"]
        if assessed_on > timezone.localdate():
            raise forms.ValidationError(_("The assessment date cannot be in the future."))
        if assessed_on < EARLIEST:
            raise forms.ValidationError(_("Choose a date from 2000 onwards."))
        return assessed_on


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Staff list (CSV or Excel)"),
        help_text=_(
            "Columns: employee_id, first_name, last_name, sex, province (code, e.g. KH-12); "
            "optional: name_native, email, disability, office (code), position (code)."
        ),
    )

    send_invitations = forms.BooleanField(
        label=_("Send invitations"),
        required=False,
        initial=True,
        help_text=_(
            "Each new person with an e-mail address gets a link to set their password, in their language; "
            "people without one get an activation code you can print."
        ),
    )

    rows = None

    def clean_file(self):
        """Read the file here (bounded, see core.uploads) so that a bad file is an error on the form."""
        from .importing import read_rows

        upload = self.cleaned_data["file"]
        try:
            self.rows = read_rows(upload)
        except InvalidInput as error:
            raise forms.ValidationError(str(error.message)) from None
        return upload

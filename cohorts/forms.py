"""Forms of the cohort pages; business rules stay in services.py."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from people.models import Province, Role
from people.services import grant_role

from .models import LIVE_TIERS, AttendanceRecord
from .services import fill_free_places, unqualified_trainers


class CohortFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds"))] + [(t.value, t.label) for t in LIVE_TIERS]
    )
    province = forms.ModelChoiceField(
        label=_("Province"), required=False, queryset=Province.objects.select_related("country"), empty_label=_("All")
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All"))] + list(settings.LANGUAGES)
    )


class FillRateFilterForm(forms.Form):
    """The fill-rate filter offers only the provinces of the planner's scope."""

    province = forms.ModelChoiceField(label=_("Province"), required=False, queryset=None, empty_label=_("All"))

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces


class CheckInForm(forms.Form):
    """A code is checked while validating, so a wrong or closed one is shown on the form (same words for both)."""

    code = forms.CharField(
        label=_("Check-in code"),
        max_length=12,
        help_text=_("The code your trainer shows during the meeting."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "inputmode": "text"}),
    )

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_code(self):
        from django.core.exceptions import ValidationError

        from core.errors import InvalidInput

        from .services import open_meeting_for

        code = self.cleaned_data["code"]
        try:
            open_meeting_for(person=self.person, code=code)
        except InvalidInput as refused:
            raise ValidationError(refused.message) from None
        return code


class AttendanceImportForm(forms.Form):
    """Upload a call report for a meeting that has begun; the file is read bounded while validating."""

    meeting = forms.ModelChoiceField(
        label=_("Meeting"),
        queryset=None,
        empty_label=None,
        help_text=_("Only meetings that have started are listed."),
    )
    report = forms.FileField(
        label=_("Participant report (CSV)"), help_text=_("Export it from the video-call tool after the meeting.")
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda m: m.local_starts_at.strftime("%Y-%m-%d %H:%M")

    def clean(self):
        from core.errors import InvalidInput

        from . import attendance_import

        cleaned = super().clean()
        upload = cleaned.get("report")
        if upload is not None:
            try:
                text = attendance_import.read_upload(upload)
                attendance_import.read_report(text)
            except InvalidInput as error:
                self.add_error("report", str(error.message))
            else:
                cleaned["text"] = text
        return cleaned


class ConfirmImportForm(forms.Form):
    """Confirm a previewed import; conflicts are kept unless ticked here."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    overwrite = forms.MultipleChoiceField(
        label=_("Use the report for these people instead of the status already recorded"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, conflicts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["overwrite"].choices = [
            (str(p.pk), f"{p.person.display_name}: {record.get_status_display()} ({record.get_source_display()})")
            for p, _email, record in conflicts
        ]


class AssignForm(forms.Form):
    people = forms.ModelMultipleChoiceField(
        label=_("Staff to place in this cohort"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = staff
        self.fields["people"].label_from_instance = lambda s: f"{s.display_name} · {s.province}"


ATTENDANCE_CHOICES = AttendanceRecord.Status.choices


class CohortAdminForm(WagtailAdminModelForm):
    """The admin's cohort form: a provincial session's trainers must be certified for its course."""

    def clean(self):
        cleaned = super().clean()
        course, trainers = cleaned.get("course"), cleaned.get("trainers")
        if course is not None and trainers:
            refused = unqualified_trainers(course=course, trainers=list(trainers))
            if refused:
                names = ", ".join(t.display_name for t in refused)
                self.add_error("trainers", _("Not a certified trainer for this course: %(names)s") % {"names": names})
        if course is not None and course.tier not in LIVE_TIERS:
            self.add_error("course", _("Choose a ToT, provincial session or webinar course."))
        capacity = cleaned.get("capacity")
        if self.instance.pk and capacity is not None:
            taken = self.instance.participations.filter(status="registered").count()
            if capacity < taken:
                self.add_error("capacity", _("More people are already registered than this capacity."))
        return cleaned

    def save(self, commit=True):
        cohort = super().save(commit=commit)
        if commit:
            for trainer in cohort.trainers.all():  # so that "My cohorts" appears in their menu
                grant_role(user=trainer, role=Role.TRAINER)
            if "capacity" in self.changed_data:
                fill_free_places(cohort=cohort)
        return cohort

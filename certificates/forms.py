"""Forms of the certificates app: verify a code, filter the HR list, issue for a course, revoke."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage
from people.models import Province

from .models import IssuedCertificate


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("The code printed under the QR code, for example ABCD-EFGH-JKMN-PQRS."),
    )


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class CertificateFilterForm(forms.Form):
    # "All", as the other filters say, rather than Django's "---------".
    course = CourseChoiceField(
        label=_("Course"), queryset=CoursePage.objects.live().order_by("path"), required=False, empty_label=_("All")
    )
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.select_related("country"),
        required=False,
        empty_label=_("All"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + list(IssuedCertificate.Status.choices), required=False
    )
    review = forms.ChoiceField(
        label=_("Review"),
        choices=[("", _("All")), ("needed", _("Needs review"))],
        required=False,
    )
    year = forms.IntegerField(label=_("Year issued"), min_value=2000, max_value=2100, required=False)
    q = forms.CharField(label=_("Name or serial number"), max_length=100, required=False)

    def __init__(self, *args, provinces=None, **kwargs):
        super().__init__(*args, **kwargs)
        if provinces is not None:
            self.fields["province"].queryset = provinces

    def described(self):
        """The chosen filters as (label, value) pairs in words, for the export's title rows."""
        if not self.is_bound:
            return []
        pairs = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
                value = dict(field.choices).get(value, value)
            elif isinstance(field, CourseChoiceField):
                value = value.title
            pairs.append((str(field.label), str(value)))
        return pairs

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("course"):
            queryset = queryset.filter(enrolment__course=data["course"])
        if data.get("province"):
            queryset = queryset.filter(holder__staff_profile__province=data["province"])
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("review") == "needed":
            queryset = queryset.filter(needs_review=True)
        if data.get("year"):
            queryset = queryset.filter(issued_at__year=data["year"])
        if data.get("q"):
            text = data["q"].strip()
            queryset = queryset.filter(
                Q(serial__icontains=text)
                | Q(holder_name_latin__icontains=text)
                | Q(holder_name_native__icontains=text)
                | Q(holder__username__icontains=text)
            )
        return queryset


class IssueForCourseForm(forms.Form):
    course = CourseChoiceField(label=_("Course"), queryset=CoursePage.objects.none())

    def __init__(self, *args, courses, **kwargs):
        """`courses`: the ones this person may issue for (selectors.courses_to_issue_for)."""
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Recorded with your name and the date. The holder and anyone verifying will see it is revoked."),
    )

"""Sign-up and profile forms; every message is translated."""

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from .models import Country, Disability, Office, Position, Province, Sex, StaffProfile, User


class ProfileFieldsMixin(forms.Form):
    name_native = forms.CharField(label=_("Name in Khmer or Lao script"), max_length=150, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    disability = forms.ChoiceField(
        label=_("Disability (optional)"),
        required=False,
        choices=[("", _("Prefer not to say"))] + list(Disability.choices),
        help_text=_("Used only for figures about who is trained; never shown to other learners."),
    )
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all())
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.select_related("country"))
    office = forms.ModelChoiceField(label=_("Office"), queryset=Office.objects.all(), required=False)
    position = forms.ModelChoiceField(label=_("Position"), queryset=Position.objects.all(), required=False)

    def clean(self):
        cleaned = super().clean()
        country, province, office = cleaned.get("country"), cleaned.get("province"), cleaned.get("office")
        if country and province and province.country_id != country.pk:
            self.add_error("province", _("This province is not in the chosen country."))
        if province and office and office.province_id != province.pk:
            self.add_error("office", _("This office is not in the chosen province."))
        return cleaned

    def profile_values(self):
        fields = ("name_native", "sex", "disability", "country", "province", "office", "position")
        return {name: self.cleaned_data[name] for name in fields}


class SignUpForm(ProfileFieldsMixin, UserCreationForm):
    first_name = forms.CharField(label=_("Given name (Latin letters)"), max_length=150)
    last_name = forms.CharField(label=_("Family name (Latin letters)"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "last_name", "email")

    field_order = [
        "username",
        "first_name",
        "last_name",
        "name_native",
        "email",
        "password1",
        "password2",
        "sex",
        "disability",
        "country",
        "province",
        "office",
        "position",
    ]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this e-mail already exists."))
        return email


class ProfileForm(ProfileFieldsMixin, forms.ModelForm):
    first_name = forms.CharField(label=_("Given name (Latin letters)"), max_length=150)
    last_name = forms.CharField(label=_("Family name (Latin letters)"), max_length=150)
    preferred_language = forms.ChoiceField(
        label=_("Language"), choices=User._meta.get_field("preferred_language").choices
    )

    class Meta:
        model = User
        fields = ("first_name", "last_name", "email", "preferred_language")
        labels = {"email": _("E-mail")}

    field_order = [
        "first_name",
        "last_name",
        "name_native",
        "email",
        "preferred_language",
        "sex",
        "disability",
        "country",
        "province",
        "office",
        "position",
    ]

    def __init__(self, *args, staff=None, **kwargs):
        initial = kwargs.pop("initial", {}) or {}
        if staff is not None:
            initial.update(
                {
                    "name_native": staff.name_native,
                    "sex": staff.sex,
                    "disability": staff.disability,
                    "country": staff.country_id,
                    "province": staff.province_id,
                    "office": staff.office_id,
                    "position": staff.position_id,
                }
            )
        super().__init__(*args, initial=initial, **kwargs)
        self.staff = staff

    def save(self, commit=True):
        user = super().save(commit=commit)
        values = self.profile_values()
        if self.staff is None:
            self.staff = StaffProfile(user=user, **values)
        else:
            for name, value in values.items():
                setattr(self.staff, name, value)
        if commit:
            self.staff.save()
        return user

"""Sign-up and profile forms; every message is translated."""

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Country, Disability, Office, Position, Province, Sex, StaffProfile, User
from .services import EMAIL_IN_USE, email_in_use, normalise_email
from .validators import validate_placement, validate_printable_name


class PlacementSelect(forms.Select):
    """A select whose options say which parent they belong to (data-parent), so a small script
    (people/placement.js) can narrow provinces to the country and offices to the province.
    Without the script every option stays and the server-side placement check still applies."""

    def __init__(self, *args, parent_field, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent_field = parent_field

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-parent"] = getattr(instance, f"{self.parent_field}_id")
        return option


class ProfileFieldsMixin(forms.Form):
    name_native = forms.CharField(
        label=_("Name in Khmer or Lao script"),
        max_length=150,
        required=False,
        validators=[validate_printable_name],
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    disability = forms.ChoiceField(
        label=_("Disability (optional)"),
        required=False,
        choices=[("", _("Prefer not to say"))] + list(Disability.choices),
        help_text=_("Used only for figures about who is trained; never shown to other learners."),
    )
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all())
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.all(),
        widget=PlacementSelect(parent_field="country", attrs={"data-placement-parent": "country"}),
    )
    office = forms.ModelChoiceField(
        label=_("Office"),
        queryset=Office.objects.all(),
        required=False,
        widget=PlacementSelect(parent_field="province", attrs={"data-placement-parent": "province"}),
    )
    position = forms.ModelChoiceField(label=_("Position"), queryset=Position.objects.all(), required=False)

    def clean(self):
        cleaned = super().clean()
        try:
            validate_placement(
                country=cleaned.get("country"),
                province=cleaned.get("province"),
                office=cleaned.get("office"),
                position=cleaned.get("position"),
            )
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

    def profile_values(self):
        fields = ("name_native", "sex", "disability", "country", "province", "office", "position")
        return {name: self.cleaned_data[name] for name in fields}


NAME_VALIDATORS = [validate_printable_name]


class SignUpForm(ProfileFieldsMixin, UserCreationForm):
    first_name = forms.CharField(label=_("Given name (Latin letters)"), max_length=150, validators=NAME_VALIDATORS)
    last_name = forms.CharField(label=_("Family name (Latin letters)"), max_length=150, validators=NAME_VALIDATORS)
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
        email = normalise_email(self.cleaned_data["email"]).lower()
        if email_in_use(email):
            raise forms.ValidationError(EMAIL_IN_USE, code="email_in_use")
        return email


class ProfileForm(ProfileFieldsMixin, forms.ModelForm):
    """The person's own data. The e-mail field is not saved here: a new address is confirmed by a
    link sent to it (people.services.request_email_change), so `save` keeps the current one."""

    first_name = forms.CharField(label=_("Given name (Latin letters)"), max_length=150, validators=NAME_VALIDATORS)
    last_name = forms.CharField(label=_("Family name (Latin letters)"), max_length=150, validators=NAME_VALIDATORS)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("A new address takes effect when you open the link we send to it."),
    )
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
        self.current_email = self.instance.email

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        if email.lower() != self.current_email.lower() and email_in_use(email, exclude_user=self.instance):
            raise forms.ValidationError(EMAIL_IN_USE, code="email_in_use")
        return email

    @property
    def new_email(self):
        """The address the person asked for, when it differs from the one in use."""
        email = self.cleaned_data.get("email", "")
        return email if email.lower() != self.current_email.lower() else None

    def save(self, commit=True):
        self.instance.email = self.current_email
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

"""PES staff, the organisation they work in, and the roles they hold.

Countries, provinces, offices and positions are reference data; names are translated
field by field (see translation.py). A user's roles live in RoleAssignment so that one
person can be a learner, a trainer and an HR planner at once, each with its own scope.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .validators import validate_placement, validate_printable_name


class User(AbstractUser):
    # Names are printed on certificates: no control or hidden format characters (ZWJ/ZWNJ allowed).
    first_name = models.CharField(_("first name"), max_length=150, blank=True, validators=[validate_printable_name])
    last_name = models.CharField(_("last name"), max_length=150, blank=True, validators=[validate_printable_name])
    preferred_language = models.CharField(_("preferred language"), max_length=8, choices=settings.LANGUAGES, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            # An e-mail identifies one person (password reset, attendance reports): one account per
            # address whatever its case; many accounts may have none.
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="unique_user_email_ci",
                violation_error_message=_("An account with this e-mail already exists."),
            ),
        ]

    @property
    def display_name(self):
        profile = getattr(self, "staff_profile", None)
        if profile is not None:
            return profile.display_name
        return self.get_full_name() or self.username


class Country(models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    timezone = models.CharField(_("time zone"), max_length=64)

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name


class Province(models.Model):
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="provinces")
    code = models.CharField(_("code"), max_length=6, unique=True, help_text=_("ISO 3166-2 code"))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["country__code", "name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name


class Office(models.Model):
    class Kind(models.TextChoices):
        JOB_CENTRE = "job_centre", _("Job centre")
        DEPARTMENT = "department", _("Department")

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="offices")
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.JOB_CENTRE)

    class Meta:
        ordering = ["name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self):
        return self.name


class Position(models.Model):
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")

    def __str__(self):
        return self.name


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class Disability(models.TextChoices):
    NONE = "none", _("No disability")
    PHYSICAL = "physical", _("Physical")
    VISUAL = "visual", _("Visual")
    HEARING = "hearing", _("Hearing")
    INTELLECTUAL = "intellectual", _("Intellectual")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial")
    OTHER = "other", _("Other")


class StaffProfileQuerySet(models.QuerySet):
    def with_organisation(self):
        return self.select_related("user", "country", "province", "office", "position")


class StaffProfile(models.Model):
    """What the ministry knows about one PES officer; figures are disaggregated from here."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile")
    name_native = models.CharField(
        _("name in Khmer or Lao script"),
        max_length=150,
        blank=True,
        help_text=_("As written on official documents."),
        validators=[validate_printable_name],
    )
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    # Optional: a person may decline to say; blank means "not stated", not "no disability".
    disability = models.CharField(_("disability"), max_length=16, choices=Disability.choices, blank=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="staff")
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="staff")
    office = models.ForeignKey(Office, on_delete=models.SET_NULL, null=True, blank=True, related_name="staff")
    position = models.ForeignKey(Position, on_delete=models.SET_NULL, null=True, blank=True, related_name="staff")
    employee_id = models.CharField(_("employee ID"), max_length=32, unique=True, null=True, blank=True)

    objects = StaffProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        indexes = [models.Index(fields=["country", "province"])]

    def __str__(self):
        return self.display_name

    @property
    def name_latin(self):
        return self.user.get_full_name() or self.user.username

    @property
    def display_name(self):
        if self.name_native:
            return f"{self.name_native} ({self.name_latin})"
        return self.name_latin

    @property
    def has_disability(self):
        return bool(self.disability) and self.disability != Disability.NONE

    def clean(self):
        validate_placement(
            country=self.country if self.country_id else None,
            province=self.province if self.province_id else None,
            office=self.office if self.office_id else None,
            position=self.position if self.position_id else None,
        )


class Role(models.TextChoices):
    LEARNER = "learner", _("Learner")
    TRAINER = "trainer", _("Trainer")
    HR_PLANNER = "hr_planner", _("HR planner")
    CONTENT_EDITOR = "content_editor", _("Content editor")
    ADMINISTRATOR = "administrator", _("Administrator")


class RoleAssignment(models.Model):
    """One role held by one person, optionally limited to a country or a province."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    country = models.ForeignKey(Country, on_delete=models.CASCADE, null=True, blank=True)
    province = models.ForeignKey(Province, on_delete=models.CASCADE, null=True, blank=True)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "country", "province"], name="unique_role_scope"),
        ]

    def __str__(self):
        scope = self.province or self.country or _("everywhere")
        return f"{self.get_role_display()} ({scope})"

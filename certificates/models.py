"""Certificate designs, the certificates issued from them, and the audit trail of each certificate.

A CertificateTemplate is edited in the Wagtail admin (translated title, body and issuer, logos,
one to three signatories). An IssuedCertificate belongs to exactly one enrolment (the one record
of a learner in a course, whatever tier brought them there); its serial is allocated from a
SerialCounter per prefix (country) and year, and its PDF is stored once with its SHA-256.
Writes go through services.py.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from courses.models import Tier

from .storage import private_storage


class Orientation(models.TextChoices):
    LANDSCAPE = "landscape", _("Landscape")
    PORTRAIT = "portrait", _("Portrait")


class CertificateTemplate(ClusterableModel):
    """A design for certificates: chosen per course, per tier and per country (most specific wins)."""

    name = models.CharField(_("name"), max_length=120, help_text=_("For editors only; not printed."))
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leave empty to use this design for every course of the tier."),
    )
    tier = models.CharField(
        _("tier"), max_length=16, choices=Tier.choices, blank=True, help_text=_("Leave empty for every tier.")
    )
    country = models.ForeignKey(
        "people.Country",
        verbose_name=_("country"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leave empty for holders in every country."),
    )
    title = models.CharField(_("title"), max_length=150, default="Certificate of completion")
    body = models.TextField(
        _("body"), blank=True, default="has successfully completed the course", help_text=_("Printed below the name.")
    )
    issuer = models.CharField(
        _("issuer"), max_length=200, help_text=_("The organisation that issues the certificate, shown when verifying.")
    )
    orientation = models.CharField(
        _("orientation"), max_length=10, choices=Orientation.choices, default=Orientation.LANDSCAPE
    )
    background = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("background image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        MultiFieldPanel([FieldPanel("course"), FieldPanel("tier"), FieldPanel("country")], heading=_("Used for")),
        FieldPanel("title"),
        FieldPanel("body"),
        FieldPanel("issuer"),
        FieldPanel("orientation"),
        FieldPanel("background"),
        InlinePanel("logos", label=_("Logos"), max_num=4),
        InlinePanel("signatories", label=_("Signatories"), min_num=1, max_num=3),
    ]

    class Meta:
        verbose_name = _("certificate design")
        verbose_name_plural = _("certificate designs")

    def __str__(self):
        return self.name

    def specificity(self, *, course, country_id):
        """How closely this design fits a course and a holder's country; None when it does not apply."""
        score = 0
        for wanted, actual, weight in (
            (self.course_id, course.pk, 4),
            (self.tier, course.tier, 2),
            (self.country_id, country_id, 1),
        ):
            if wanted:
                if wanted != actual:
                    return None
                score += weight
        return score


class CertificateLogo(Orderable):
    template = ParentalKey(CertificateTemplate, on_delete=models.CASCADE, related_name="logos")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+"
    )
    alt_text = models.CharField(_("name of the organisation"), max_length=150)

    panels = [FieldPanel("image"), FieldPanel("alt_text")]


class CertificateSignatory(Orderable):
    template = ParentalKey(CertificateTemplate, on_delete=models.CASCADE, related_name="signatories")
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(
        _("title"), max_length=200, help_text=_("For example: Director, National Employment Agency.")
    )
    signature = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("title"), FieldPanel("signature")]


class SerialCounter(models.Model):
    """The last serial number used for a prefix (country code) in a year; locked while allocating."""

    prefix = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="one_serial_counter_per_prefix_year")]

    def __str__(self):
        return f"{self.prefix}-{self.year}: {self.last_number}"


class IssuedCertificateQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related(
            "holder__staff_profile__country",
            "holder__staff_profile__province",
            "enrolment__course",
        )


class IssuedCertificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")

    enrolment = models.OneToOneField(
        "courses.Enrolment", verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="certificate"
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("holder"), on_delete=models.CASCADE, related_name="certificates"
    )
    template = models.ForeignKey(
        CertificateTemplate,
        verbose_name=_("design"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    serial = models.CharField(_("serial number"), max_length=24, unique=True)
    code = models.CharField(_("verification code"), max_length=32, unique=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    # What the certificate says, fixed when it is issued (re-issuing refreshes it).
    holder_name_native = models.CharField(_("name in Khmer or Lao script"), max_length=150, blank=True)
    holder_name_latin = models.CharField(_("name in Latin script"), max_length=150)
    completed_on = models.DateField(_("completed on"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Private storage (outside MEDIA_ROOT): streamed only by the permission-checked download view.
    pdf = models.FileField(_("PDF"), upload_to="certificates/%Y/", storage=private_storage, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    pdf_size = models.PositiveIntegerField(_("size in bytes"), default=0)
    rendered_at = models.DateTimeField(_("rendered"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.VALID)
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # When the holder was told of the revocation (e-mail sent once, by a background task).
    holder_notified_at = models.DateTimeField(_("holder told"), null=True, blank=True)
    # Flagged for an administrator's review (attendance fell below the rule after completion):
    # the certificate stays as it is until a person decides; it is neither revoked nor kept silently.
    needs_review = models.BooleanField(_("needs review"), default=False)
    review_reason = models.TextField(_("reason for review"), blank=True)
    review_flagged_at = models.DateTimeField(_("flagged for review"), null=True, blank=True)

    objects = IssuedCertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["holder", "issued_at"])]

    def __str__(self):
        return self.serial

    @property
    def is_valid(self):
        return self.status == self.Status.VALID

    @property
    def is_ready(self):
        return bool(self.pdf) and bool(self.sha256)

    @property
    def holder_display_name(self):
        if self.holder_name_native:
            return f"{self.holder_name_native} ({self.holder_name_latin})"
        return self.holder_name_latin


class BulkIssue(models.Model):
    """One request to issue certificates for a course or a cohort; each certificate is its own task.

    It stores no progress of its own: its state is read from the certificates of its enrolments,
    so a worker that dies mid-way can never leave it "being prepared" with nothing left to do
    (`services.sweep` queues again whatever is missing).
    """

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    label = models.CharField(_("course or cohort"), max_length=255)
    enrolments = models.ManyToManyField("courses.Enrolment", related_name="+")

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("bulk issue")
        verbose_name_plural = _("bulk issues")

    def __str__(self):
        return self.label


class CertificateEvent(models.Model):
    """The audit trail: when a certificate was issued, rendered, re-issued or revoked, by whom and why."""

    class Action(models.TextChoices):
        ISSUED = "issued", _("Issued")
        RENDERED = "rendered", _("PDF stored")
        REISSUED = "reissued", _("Re-issued")
        REVOKED = "revoked", _("Revoked")
        FLAGGED = "flagged", _("Flagged for review")
        NOTIFIED = "notified", _("Holder told")
        REVIEWED = "reviewed", _("Review closed")

    certificate = models.ForeignKey(IssuedCertificate, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate events")

    def __str__(self):
        return f"{self.certificate_id} {self.action}"

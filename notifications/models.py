"""What the platform told each person, how they want to be told, and accounts still to activate.

Notification: one event told to one person, once. `(recipient, kind, event_key)` is unique, so the
same event (an enrolment, a certificate, a meeting) can never make a second notification, whoever
sends it and however often. Its title and body are written in the recipient's language when it is
made, so the list page reads rows and renders nothing per kind. `emailed_at` is set, under a row
lock and committed, before the e-mail leaves (see services.deliver_email): a worker that dies
between the two loses at most that one e-mail, it never sends it twice.

NotificationPreference: per person and kind, e-mail now, in the daily digest, or not at all (the
notification list always shows everything). No row means the kind's default.

DigestEmail: one per person and day; the row is committed before the digest is sent, so a worker
restarted mid-run sends no digest twice.

Invitation: an imported person's way in: a link by e-mail (a signed token that expires and stops
working once a password is set) or an activation code to print (hashed at rest, expiring, locked
after a few wrong tries).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolment confirmed")
    REGISTERED = "registered", _("Registration confirmed")
    REQUEST_APPROVED = "request_approved", _("Request approved")
    REQUEST_REFUSED = "request_refused", _("Request refused")
    PLACE_FREED = "place_freed", _("A place on the waiting list became free")
    MEETING_REMINDER = "meeting_reminder", _("Meeting reminder")
    QUIZ_FAILED = "quiz_failed", _("Quiz not passed, attempts left")
    COURSE_COMPLETED = "course_completed", _("Course completed")
    CERTIFICATE_ISSUED = "certificate_issued", _("Certificate issued")
    CERTIFICATE_REVOKED = "certificate_revoked", _("Certificate revoked")
    NEW_COURSE = "new_course", _("New course for your position")
    TRAINING_ASSIGNED = "training_assigned", _("Training assigned")
    TRAINING_DUE_SOON = "training_due_soon", _("Training due soon")
    TRAINING_OVERDUE = "training_overdue", _("Training overdue")


class Delivery(models.TextChoices):
    NOW = "now", _("E-mail at once")
    DIGEST = "digest", _("Daily digest")
    NONE = "none", _("No e-mail")


# What each kind does when the person has not chosen. The revocation e-mail is the certificates
# app's own (an official act with its reason, always sent); the notification only shows it here.
DEFAULT_DELIVERY = {
    Kind.NEW_COURSE: Delivery.DIGEST,
    Kind.COURSE_COMPLETED: Delivery.DIGEST,
}
IN_APP_ONLY = frozenset({Kind.CERTIFICATE_REVOKED})


def default_delivery(kind):
    if kind in IN_APP_ONLY:
        return Delivery.NONE
    return DEFAULT_DELIVERY.get(kind, Delivery.NOW)


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    event_key = models.CharField(max_length=120)
    language = models.CharField(max_length=8)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(max_length=500, blank=True)  # a path on this site, with its language prefix
    delivery = models.CharField(max_length=8, choices=Delivery.choices)  # chosen when it was made
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey("DigestEmail", on_delete=models.SET_NULL, null=True, blank=True, related_name="items")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "event_key"], name="one_notification_per_event"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notification_unread"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(delivery="digest", emailed_at__isnull=True),
                name="notification_digest_due",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self):
        return self.read_at is not None


class NotificationPreference(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    delivery = models.CharField(max_length=8, choices=Delivery.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self):
        return f"{self.user_id} {self.kind}: {self.delivery}"


class DigestEmail(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["recipient", "day"], name="one_digest_per_day")]

    def __str__(self):
        return f"{self.recipient_id} {self.day}"


class Invitation(models.Model):
    """How one imported person activates their account (set a password the first time)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitation")
    import_job = models.ForeignKey(
        "competencies.ImportJob", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
    send_requested_at = models.DateTimeField(null=True, blank=True)  # the send being asked for (resend)
    code_hash = models.CharField(max_length=128, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    activated_at = models.DateTimeField(_("activated"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(fields=["activated_at"])]

    def __str__(self):
        return str(self.user)

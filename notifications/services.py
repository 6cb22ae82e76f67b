"""Writes on notifications: make one for an event (once), mark read, preferences, e-mail, digests.

`notify` is the one way a notification is made: the text is rendered in the recipient's language,
the row is unique per (recipient, kind, event), and the e-mail (if the person wants it now) is
queued after commit. Sending claims the row first: `emailed_at` is set under a row lock and
committed before the mail leaves, so a task run twice, or a worker restarted after dying, never
sends the same e-mail twice (at worst a worker killed between the commit and the send loses it).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.cache import bump

from .models import DigestEmail, Kind, Notification, NotificationPreference, default_delivery

LANGUAGES = {code for code, _name in settings.LANGUAGES}


@dataclass(frozen=True)
class Message:
    title: str
    body: str = ""
    link: str = ""


def language_of(user) -> str:
    language = getattr(user, "preferred_language", "") or ""
    return language if language in LANGUAGES else settings.LANGUAGE_CODE


def unread_namespace(user_id) -> str:
    return f"notifications:{user_id}"


def _changed(user_id):
    transaction.on_commit(lambda: bump(unread_namespace(user_id)))


def delivery_for(user, kind) -> str:
    chosen = NotificationPreference.objects.filter(user=user, kind=kind).values_list("delivery", flat=True).first()
    return chosen or default_delivery(kind)


def notify(*, recipient, kind, event_key, render):
    """Tell `recipient` about one event, once; `render()` gives the Message, called in their language.

    Returns the new notification, or None when this event was already told (or the person is gone).
    """
    if recipient is None or not recipient.is_active:
        return None
    if Notification.objects.filter(recipient=recipient, kind=kind, event_key=event_key).exists():
        return None
    language = language_of(recipient)
    with translation.override(language):
        message = render()
    if message is None:
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                event_key=event_key[:120],
                language=language,
                title=str(message.title)[:300],
                body=str(message.body),
                link=message.link[:500],
                delivery=delivery_for(recipient, kind),
            )
    except IntegrityError:  # the same event told a moment ago by another process
        return None
    _changed(recipient.pk)
    if notification.delivery == "now" and recipient.email:
        from .tasks import send_notification_email

        transaction.on_commit(lambda: send_notification_email.enqueue(notification_id=notification.pk))
    return notification


def mark_read(*, user, notification_id):
    updated = Notification.objects.filter(recipient=user, pk=notification_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if updated:
        _changed(user.pk)
    return updated


def mark_all_read(*, user):
    updated = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    if updated:
        _changed(user.pk)
    return updated


def set_preferences(*, user, choices):
    """Save each kind's delivery; choices maps Kind values to Delivery values (checked by the form)."""
    with transaction.atomic():
        for kind, delivery in choices.items():
            NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})


# E-mail ---------------------------------------------------------------------------------------


def absolute(path):
    from certificates.links import absolute as absolute_link

    return absolute_link(path) if path else ""


def _send(*, to, language, subject, context, template):
    with translation.override(language):
        text = render_to_string(f"notifications/email/{template}.txt", context)
        html = render_to_string(f"notifications/email/{template}.html", context)
    mail = EmailMultiAlternatives(subject, text, None, [to])
    mail.attach_alternative(html, "text/html")
    mail.send()


def deliver_email(*, notification_id):
    """E-mail one notification at once; True if sent. Safe to run twice: the row is claimed first."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True, delivery="now")
            .first()
        )
        if notification is None or not notification.recipient.email or not notification.recipient.is_active:
            return False
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    # Committed: from here on no other run sends it.
    recipient = notification.recipient
    _send(
        to=recipient.email,
        language=notification.language,
        subject=notification.title,
        context={
            "person": recipient,
            "notification": notification,
            "url": absolute(notification.link),
            "preferences_url": absolute(_preferences_path(notification.language)),
        },
        template="notification",
    )
    return True


def _preferences_path(language):
    from django.urls import reverse

    with translation.override(language):
        return reverse("notifications:preferences")


def digest_recipients():
    """Ids of people with digest items waiting (and an e-mail address)."""
    return list(
        Notification.objects.filter(delivery="digest", emailed_at__isnull=True, recipient__is_active=True)
        .exclude(recipient__email="")
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by("recipient_id")
    )


def send_digest(*, user_id, day=None):
    """Send one person's daily digest: one e-mail per day at most, never twice. True if sent.

    The digest row (unique per person and day) and the items it carries are committed before the
    e-mail leaves; a second run the same day, or after a worker died, finds the row and stops.
    """
    from people.models import User

    day = day or timezone.localdate()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id, is_active=True).exclude(email="").first()
        if user is None or DigestEmail.objects.filter(recipient=user, day=day).exists():
            return False
        items = list(
            Notification.objects.select_for_update()
            .filter(recipient=user, delivery="digest", emailed_at__isnull=True)
            .order_by("created_at", "pk")
        )
        if not items:
            return False
        digest = DigestEmail.objects.create(recipient=user, day=day)
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=timezone.now(), digest=digest)
    language = language_of(user)
    with translation.override(language):
        from django.utils.translation import gettext

        subject = gettext("Your PES Learning news of the day")
    _send(
        to=user.email,
        language=language,
        subject=subject,
        context={
            "person": user,
            "items": [(n, absolute(n.link)) for n in items],
            "preferences_url": absolute(_preferences_path(language)),
        },
        template="digest",
    )
    return True


def send_digests(*, day=None):
    """Every waiting digest of the day; returns how many were sent."""
    return sum(1 for user_id in digest_recipients() if send_digest(user_id=user_id, day=day))


__all__ = ["Kind", "Message", "notify"]

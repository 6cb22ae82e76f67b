"""Reminders for meetings that start soon, each sent once, in the person's language.

The meeting is claimed first (reminder_sent_at), then `signals.meeting_reminder_due` is sent: the
notifications app tells each person (in the platform, and by e-mail as they chose). Without a
receiver that tells them, the reminder is e-mailed from here.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Meeting, Participation
from .signals import meeting_reminder_due


def send_due_reminders(*, hours_ahead=24, now=None):
    """Remind registered participants of meetings starting within `hours_ahead`; returns e-mails sent."""
    now = now or timezone.now()
    sent = 0
    due = Meeting.objects.filter(
        reminder_sent_at__isnull=True, starts_at__gt=now, starts_at__lte=now + timezone.timedelta(hours=hours_ahead)
    ).select_related("cohort__country", "cohort__course")
    for meeting in due:
        with transaction.atomic():
            # Claim the meeting first so that two workers never send the same reminders.
            claimed = Meeting.objects.filter(pk=meeting.pk, reminder_sent_at__isnull=True).update(reminder_sent_at=now)
            if not claimed:
                continue
            people = list(
                Participation.objects.filter(
                    cohort_id=meeting.cohort_id, status=Participation.Status.REGISTERED
                ).select_related("person")
            )
            answers = meeting_reminder_due.send(sender=Meeting, meeting=meeting, participations=people)
            if any(told is not None for _receiver, told in answers):
                sent += sum(told or 0 for _receiver, told in answers)
                continue
            for participation in people:
                person = participation.person
                if not person.email:
                    continue
                language = person.preferred_language or settings.LANGUAGE_CODE
                with translation.override(language):
                    context = {"meeting": meeting, "cohort": meeting.cohort, "person": person}
                    subject = render_to_string("cohorts/email/reminder_subject.txt", context).strip()
                    body = render_to_string("cohorts/email/reminder_body.txt", context)
                send_mail(subject, body, None, [person.email])
                sent += 1
    return sent

"""Signals the cohorts app sends; higher apps (certificates, competencies) listen."""

from django.dispatch import Signal

# Sent after commit with `enrolment=` when a participant's attendance falls below the cohort's
# rule after their course was already completed (attendance corrected later). Certificates flags
# the certificate for an administrator's review; nothing is revoked silently.
attendance_fell_below = Signal()

# Sent after commit with `participation=` and `change=` when a registration changes for its
# person: "registered" (a place is confirmed, by the person or by HR), "waiting" (put on the
# waiting list), "pending" (asks for approval), "approved" (the request accepted: registered, or on
# the waiting list when full), "refused", "promoted" (a freed place went to them from the list).
participation_changed = Signal()

# Sent by the hourly reminder run (once per meeting, the meeting claimed first) with `meeting=`
# and `participations=` (the registered people). A receiver that tells them returns True; when no
# receiver does, cohorts e-mails the reminder itself.
meeting_reminder_due = Signal()

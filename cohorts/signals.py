"""Signals the cohorts app sends; higher apps (certificates, competencies) listen."""

from django.dispatch import Signal

# Sent after commit with `enrolment=` when a participant's attendance falls below the cohort's
# rule after their course was already completed (attendance corrected later). Certificates flags
# the certificate for an administrator's review; nothing is revoked silently.
attendance_fell_below = Signal()

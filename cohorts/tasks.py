"""Background work: meeting reminders by e-mail (immediate in development, a worker in production)."""

from django_tasks import task


@task()
def send_meeting_reminders(hours_ahead=24):
    from .reminders import send_due_reminders

    return send_due_reminders(hours_ahead=hours_ahead)

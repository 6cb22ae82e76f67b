"""Queue the meeting reminder e-mails (run every hour from cron or a scheduler)."""

from django.core.management.base import BaseCommand

from cohorts.tasks import send_meeting_reminders


class Command(BaseCommand):
    help = "E-mail registered participants about meetings that start within the next hours."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24, help="How far ahead to look (default 24).")

    def handle(self, *args, hours, **options):
        result = send_meeting_reminders.enqueue(hours_ahead=hours)
        if result.is_finished:
            self.stdout.write(f"Reminders sent: {result.return_value}")
        else:
            self.stdout.write(f"Reminders queued (task {result.id}).")

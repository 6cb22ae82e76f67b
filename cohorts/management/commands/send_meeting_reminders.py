"""Queue the hourly cohort work: meeting reminder e-mails, and completion once a cohort's last meeting has ended.

Run every hour from cron or a scheduler."""

from django.core.management.base import BaseCommand

from cohorts.tasks import complete_ended_cohorts, send_meeting_reminders


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
        result = complete_ended_cohorts.enqueue()
        if result.is_finished:
            self.stdout.write(f"Completed after the last meeting: {result.return_value}")
        else:
            self.stdout.write(f"Completion after the last meeting queued (task {result.id}).")

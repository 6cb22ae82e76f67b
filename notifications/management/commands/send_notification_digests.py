"""Queue the daily digest e-mails (run once a day from cron, e.g. `0 17 * * *` for 17:00).

Each person gets at most one digest a day with what they chose not to receive at once; running
the command twice, or after a worker died mid-run, sends no digest twice."""

from django.core.management.base import BaseCommand

from notifications.tasks import send_notification_digests


class Command(BaseCommand):
    help = "E-mail each person who chose the daily digest what they have not yet been sent."

    def handle(self, *args, **options):
        result = send_notification_digests.enqueue()
        if result.is_finished:
            self.stdout.write(f"Digests sent: {result.return_value}")
        else:
            self.stdout.write(f"Digests queued (task {result.id}).")

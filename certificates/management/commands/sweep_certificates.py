"""Queue again the certificate work a dead worker left undone; run it every few minutes (cron)."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from certificates.services import SWEEP_AFTER, sweep


class Command(BaseCommand):
    help = "Close certificate tasks left running by a dead worker and queue their work again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=float,
            default=SWEEP_AFTER.total_seconds(),
            help="Seconds after which running or missing work counts as abandoned (default: %(default)s).",
        )

    def handle(self, *args, older_than, **options):
        result = sweep(older_than=timedelta(seconds=max(older_than, 0)))
        self.stdout.write(f"Queued {result['queued']} tasks; closed {result['closed']} abandoned task rows.")

"""Announce training due soon and overdue (run hourly from cron; safe to run twice or at once)."""

from django.core.management.base import BaseCommand

from planning.services import send_reminders


class Command(BaseCommand):
    help = "Send the 'training due soon' and 'training overdue' signals, each once per assignment."

    def handle(self, *args, **options):
        due_soon, overdue = send_reminders()
        self.stdout.write(f"due soon: {due_soon}, overdue: {overdue}")

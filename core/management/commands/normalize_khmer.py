"""Rewrite Khmer content saved before it was normalised on save (subscript DA as subscript TA).

Safe to run again: a row already in the one spelling is not touched.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from core.text import normalise_all_khmer_rows


class Command(BaseCommand):
    help = "Write every translated model's Khmer text (StreamField JSON included) with one subscript TA."

    def handle(self, *args, **options):
        with transaction.atomic():
            results = normalise_all_khmer_rows()
        for label, changed in sorted(results.items()):
            if changed:
                self.stdout.write(f"{label}: {changed} rows normalised")
        self.stdout.write(self.style.SUCCESS(f"Khmer text normalised in {sum(results.values())} rows."))

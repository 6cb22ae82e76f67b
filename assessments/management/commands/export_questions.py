"""Export a question bank to Moodle XML or GIFT (all three languages in multilang markup).

manage.py export_questions --bank NAME --format xml|gift [--output FILE]
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from assessments.interop.exporting import export_bank
from assessments.models import QuestionBank


class Command(BaseCommand):
    help = "Export a question bank to Moodle XML or GIFT."

    def add_arguments(self, parser):
        parser.add_argument("--bank", required=True)
        parser.add_argument("--format", choices=["xml", "gift"], default="xml")
        parser.add_argument("--output", help="File to write (default: standard output).")

    def handle(self, *args, bank, format, output, **options):
        target = QuestionBank.objects.filter(name=bank).first()
        if target is None:
            raise CommandError(f"No question bank is named {bank!r}.")
        content, _name, _type, left_out = export_bank(target, format)
        if output:
            with open(output, "wb") as handle:
                handle.write(content)
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        if left_out:
            self.stderr.write(f"{left_out} ordering question(s) left out: GIFT has no ordering questions.")

"""Import a Moodle XML, GIFT or Aiken file into a question bank, all or nothing.

    manage.py import_questions FILE --bank NAME [--language km|lo|en]

The format is read from the content. Prints what was imported, skipped and why, and each error
with its place in the file; exits non-zero (and imports nothing) when the file has errors or no
question that can be imported. A bank that does not exist yet is created.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from assessments.interop.importing import import_parsed, read_file
from assessments.interop.records import MAX_FILE_BYTES
from assessments.models import QuestionBank, QuestionKind
from core.errors import ApplicationError


class Command(BaseCommand):
    help = "Import questions from a Moodle XML, GIFT or Aiken file into a question bank."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--bank", required=True, help="Name of the question bank (created if missing).")
        parser.add_argument("--language", default="en", choices=[code for code, _name in settings.LANGUAGES])

    def handle(self, *args, file, bank, language, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CommandError(f"{file}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        labels = dict(QuestionKind.choices)
        try:
            parsed = read_file(path.read_bytes(), language=language)
        except ApplicationError as error:
            raise CommandError(f"{file}: {error.message}") from None
        self.stdout.write(f"{file}: {parsed.format}")
        for kind, count in parsed.counts().items():
            self.stdout.write(f"  {labels.get(kind, kind)}: {count}")
        for skipped in parsed.skipped:
            self.stdout.write(f"  skipped {skipped.position} [{skipped.source_type}]: {skipped.reason}")
        for item in parsed.items:
            for warning in item.warnings:
                self.stdout.write(f"  note {item.position}: {warning}")
        for error in parsed.errors:
            self.stderr.write(f"  error {error.position}: {error.message}")
        target = QuestionBank.objects.filter(name=bank).first()
        if target is None and parsed.items and not parsed.errors:
            target = QuestionBank.objects.create(name=bank, name_en=bank)
        try:
            result = import_parsed(bank=target, parsed=parsed, language=language)
        except ApplicationError as error:
            raise CommandError(str(error.message)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported into {target}: {result.created} new, {result.updated} updated, {result.unchanged} unchanged, "
                f"{result.images} images, {len(parsed.skipped)} skipped."
            )
        )

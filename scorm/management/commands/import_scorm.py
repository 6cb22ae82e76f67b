"""`manage.py import_scorm ZIP --lesson PAGE_ID`: upload a SCORM package and play it in a lesson.

The same checks as the admin (scorm.archive, scorm.manifest); on success the package's block is
added to the lesson and a new revision published. Exits non-zero, with the reason, on failure.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.errors import ApplicationError
from courses.models import LessonPage
from scorm.services import attach_to_lesson, create_package


class Command(BaseCommand):
    help = "Import a SCORM 1.2 or 2004 package (zip) and add it to a lesson."

    def add_arguments(self, parser):
        parser.add_argument("zip", help="path to the SCORM package (.zip)")
        parser.add_argument("--lesson", required=True, type=int, help="id of the lesson page that plays it")
        parser.add_argument("--title", default="", help="title of the package (default: the manifest's)")

    def handle(self, *args, **options):
        lesson = LessonPage.objects.filter(pk=options["lesson"]).first()
        if lesson is None:
            raise CommandError(f"No lesson with id {options['lesson']}.")
        try:
            with open(options["zip"], "rb") as upload, transaction.atomic():
                package = create_package(upload=upload, title=options["title"])
                attach_to_lesson(package=package, lesson=lesson)
        except FileNotFoundError:
            raise CommandError(f"No such file: {options['zip']}") from None
        except ApplicationError as error:
            raise CommandError(f"Nothing imported: {error.message}") from None
        thresholds = []
        if package.mastery_score is not None:
            thresholds.append(f"mastery score {package.mastery_score.normalize():f}")
        if package.scaled_passing_score is not None:
            thresholds.append(f"scaled passing score {package.scaled_passing_score.normalize():f}")
        if package.completion_threshold is not None:
            thresholds.append(f"completion threshold {package.completion_threshold.normalize():f}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported SCORM {package.version} package {package.title!r} (id {package.pk}): "
                f"{package.file_count} files, launch {package.launch_href}"
                + (f", {', '.join(thresholds)}" if thresholds else "")
                + f"; added to lesson {lesson.title!r} (id {lesson.pk}) and published."
            )
        )
        scos = package.sco_list
        if len(scos) > 1:
            self.stdout.write(f"{len(scos)} SCOs, played in this order; the lesson completes when all are done:")
            for number, sco in enumerate(scos, start=1):
                self.stdout.write(f"  {number}. {sco.title or sco.identifier} ({sco.launch_href})")

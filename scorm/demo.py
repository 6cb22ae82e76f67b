"""The demo SCORM package: built from scorm/demo_package/ and played in one lesson of one demo course.

Connected to core.signals.demo_data_loaded. The package is found by its title and the
lesson keeps one block for it, so loading the demo twice changes nothing.
"""

import io
import zipfile
from pathlib import Path

from courses.models import LessonPage

from .models import ScormPackage
from .services import attach_to_lesson, create_package

SOURCE = Path(__file__).resolve().parent / "demo_package"
TITLE = "The first interview with a job seeker (SCORM demo)"


def build_demo_zip() -> io.BytesIO:
    """The demo package as a zip, made from the files in scorm/demo_package/ (sorted, fixed dates)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in SOURCE.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(path.relative_to(SOURCE).as_posix(), date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    buffer.seek(0)
    return buffer


def demo_lesson(courses):
    """The last lesson of the first module of the first self-paced demo course."""
    for course in courses:
        if not course.is_self_paced:
            continue
        lessons = LessonPage.objects.live().descendant_of(course).order_by("path")
        first = lessons.first()
        if first is None:
            continue
        module_path = first.path[: len(first.path) - LessonPage.steplen]
        return lessons.filter(path__startswith=module_path).last()
    return None


def load_demo_package(sender=None, *, courses=(), stdout=None, **kwargs):
    lesson = demo_lesson(courses)
    if lesson is None:
        return None
    package = ScormPackage.objects.filter(title=TITLE).first()
    if package is None:
        package = create_package(upload=build_demo_zip(), title=TITLE)
    attach_to_lesson(package=package, lesson=lesson)
    if stdout is not None:
        stdout.write(f"SCORM demo package in lesson {lesson.title} ({lesson.pk}).")
    return package

"""`manage.py import_scorm` and the demo hook: checked import, attached and published, idempotent demo."""

import pytest
from django.core.management import CommandError, call_command

from courses.models import LessonPage
from scorm.demo import load_demo_package
from scorm.models import ScormPackage
from scorm.services import packages_in_lesson
from tests.factories import lessons_of

from .conftest import PAGE, make_zip, zip_2004

pytestmark = pytest.mark.django_db


def test_import_scorm_attaches_the_package_and_publishes(course, tmp_path, capsys):
    path = tmp_path / "module.zip"
    path.write_bytes(zip_2004().getvalue())
    lesson = lessons_of(course)[0]
    call_command("import_scorm", str(path), "--lesson", str(lesson.pk))
    package = ScormPackage.objects.get()
    live = LessonPage.objects.get(pk=lesson.pk)
    assert packages_in_lesson(live) == {package.pk}
    assert live.live and not live.has_unpublished_changes
    out = capsys.readouterr().out
    assert "SCORM 2004" in out and f"id {lesson.pk}" in out and "scaled passing score 0.7" in out


def test_import_scorm_fails_with_the_reason_and_imports_nothing(course, tmp_path):
    path = tmp_path / "not-scorm.zip"
    path.write_bytes(make_zip({"index.html": PAGE}).getvalue())
    with pytest.raises(CommandError, match="no imsmanifest.xml"):
        call_command("import_scorm", str(path), "--lesson", str(lessons_of(course)[0].pk))
    assert not ScormPackage.objects.exists()
    with pytest.raises(CommandError, match="No lesson"):
        call_command("import_scorm", str(path), "--lesson", "999999")


def test_the_demo_package_is_built_from_the_repository_and_loaded_once(course):
    first = load_demo_package(courses=[course])
    second = load_demo_package(courses=[course])
    assert first.pk == second.pk and ScormPackage.objects.count() == 1
    assert first.version == "1.2" and first.mastery_score == 80
    lessons_with_it = [lesson for lesson in lessons_of(course) if first.pk in packages_in_lesson(lesson)]
    assert len(lessons_with_it) == 1
    blocks = [b for b in lessons_with_it[0].body_en.raw_data if b["type"] == "scorm"]
    assert len(blocks) == 1

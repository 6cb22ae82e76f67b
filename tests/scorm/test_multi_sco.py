"""Packages with several SCOs: every SCO read in order, played one at a time with its own runtime
data, and the lesson complete once every SCO is done by its version's rule."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from core.errors import InvalidInput
from courses.models import LessonProgress
from courses.services import enrol
from scorm import manifest as manifest_module
from scorm.manifest import parse_manifest
from scorm.models import ScormAttempt
from scorm.services import attach_to_lesson, create_package
from tests.factories import lessons_of

from .conftest import PAGE, make_zip

MULTI_12 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="m12" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o1"><organization identifier="o1"><title>Three parts</title>
    <item identifier="intro" identifierref="r-intro"><title>Introduction</title></item>
    <item identifier="chapter"><title>Chapter (a folder, not a SCO)</title>
      <item identifier="quiz" identifierref="r-quiz" parameters="?mode=test"><title>Quiz</title>
        <adlcp:masteryscore>80</adlcp:masteryscore></item>
      <item identifier="glossary" identifierref="r-asset"><title>Glossary (an asset)</title></item>
    </item>
    <item identifier="wrapup" identifierref="r-wrapup"><title>Wrap-up</title></item>
  </organization></organizations>
  <resources>
    <resource identifier="r-intro" type="webcontent" adlcp:scormtype="sco" href="intro.html"><file href="intro.html"/></resource>
    <resource identifier="r-quiz" type="webcontent" adlcp:scormtype="sco" href="quiz/index.html"><file href="quiz/index.html"/></resource>
    <resource identifier="r-asset" type="webcontent" adlcp:scormtype="asset" href="glossary.html"><file href="glossary.html"/></resource>
    <resource identifier="r-wrapup" type="webcontent" adlcp:scormtype="sco" href="wrapup.html"><file href="wrapup.html"/></resource>
  </resources>
</manifest>"""

MULTI_2004 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="m2004" version="1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 3rd Edition</schemaversion></metadata>
  <organizations default="o1"><organization identifier="o1"><title>Two parts 2004</title>
    <item identifier="read" identifierref="r1"><title>Read</title>
      <adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.8"/></item>
    <item identifier="check" identifierref="r2"><title>Check</title>
      <imsss:sequencing><imsss:objectives>
        <imsss:primaryObjective objectiveID="p" satisfiedByMeasure="true">
          <imsss:minNormalizedMeasure>0.6</imsss:minNormalizedMeasure></imsss:primaryObjective>
      </imsss:objectives></imsss:sequencing></item>
  </organization></organizations>
  <resources>
    <resource identifier="r1" type="webcontent" adlcp:scormType="sco" href="read.html"><file href="read.html"/></resource>
    <resource identifier="r2" type="webcontent" adlcp:scormType="sco" href="check.html"><file href="check.html"/></resource>
  </resources>
</manifest>"""

FILES_12 = {"intro.html", "quiz/index.html", "glossary.html", "wrapup.html"}
FILES_2004 = {"read.html", "check.html"}


def zip_multi_12():
    return make_zip({"imsmanifest.xml": MULTI_12, **dict.fromkeys(FILES_12, PAGE)})


def zip_multi_2004():
    return make_zip({"imsmanifest.xml": MULTI_2004, **dict.fromkeys(FILES_2004, PAGE)})


def test_a_12_manifest_lists_every_launchable_sco_in_order_with_its_own_mastery_score():
    manifest = parse_manifest(MULTI_12.encode(), FILES_12)
    assert manifest.version == "1.2" and manifest.title == "Three parts"
    assert [(s.identifier, s.title, s.launch_href, s.mastery_score) for s in manifest.scos] == [
        ("intro", "Introduction", "intro.html", None),
        ("quiz", "Quiz", "quiz/index.html?mode=test", Decimal(80)),
        ("wrapup", "Wrap-up", "wrapup.html", None),
    ]
    assert manifest.launch_href == "intro.html"  # the first SCO describes a package too


def test_a_2004_manifest_keeps_each_scos_thresholds():
    manifest = parse_manifest(MULTI_2004.encode(), FILES_2004)
    assert [(s.identifier, s.completion_threshold, s.scaled_passing_score) for s in manifest.scos] == [
        ("read", Decimal("0.8"), None),
        ("check", None, Decimal("0.6")),
    ]


def test_a_manifest_with_a_missing_sco_file_or_too_many_scos_is_refused(monkeypatch):
    with pytest.raises(InvalidInput, match="wrapup.html"):
        parse_manifest(MULTI_12.encode(), FILES_12 - {"wrapup.html"})
    monkeypatch.setattr(manifest_module, "MAX_SCOS", 2)
    with pytest.raises(InvalidInput, match="3 SCOs"):
        parse_manifest(MULTI_12.encode(), FILES_12)
    duplicated = MULTI_2004.replace('identifier="check"', 'identifier="read"')
    with pytest.raises(InvalidInput, match="same identifier"):
        parse_manifest(duplicated.encode(), FILES_2004)


def _launch(client, lesson, package, sco=None):
    data = {"sco": sco} if sco is not None else {}
    response = client.post(reverse("scorm:launch", args=[lesson.pk, package.pk]), data)
    assert response.status_code == 200, response.content
    return response.json()


def _commit(client, launch, cmi):
    body = json.dumps({"session": launch["session"], "cmi": cmi})
    response = client.post(launch["commit_url"], body, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def _status_12(status, raw=""):
    return {"core": {"lesson_status": status, "session_time": "00:00:30", "score": {"raw": raw}}}


def _status_2004(completion, *, progress="", scaled=""):
    return {"completion_status": completion, "progress_measure": progress, "score": {"scaled": scaled}}


@pytest.fixture
def lesson(course):
    return lessons_of(course)[0]


@pytest.fixture
def enrolled(logged_in, learner, course):
    enrol(learner=learner, course=course)
    return logged_in


@pytest.mark.django_db
def test_each_sco_has_its_own_runtime_data_and_the_lesson_completes_when_all_are_done_12(enrolled, learner, lesson):
    package = create_package(upload=zip_multi_12(), title="Three parts")
    assert [sco["identifier"] for sco in package.scos] == ["intro", "quiz", "wrapup"]
    lesson = attach_to_lesson(package=package, lesson=lesson)

    first = _launch(enrolled, lesson, package)
    assert first["sco"] == "intro" and first["content_url"].endswith("/intro.html")
    assert [(s["id"], s["title"], s["done"]) for s in first["scos"]] == [
        ("intro", "Introduction", False),
        ("quiz", "Quiz", False),
        ("wrapup", "Wrap-up", False),
    ]
    answer = _commit(enrolled, first, _status_12("completed"))
    assert answer["sco_completed"] is True and answer["completed"] is False

    # Without a SCO asked for, the player opens where the learner left off: the first part not done.
    quiz = _launch(enrolled, lesson, package)
    assert quiz["sco"] == "quiz" and quiz["content_url"].endswith("/quiz/index.html")
    assert quiz["cmi"]["student_data"]["mastery_score"] == "80" and quiz["cmi"]["core"]["entry"] == "ab-initio"
    assert [s["done"] for s in quiz["scos"]] == [True, False, False]
    # The quiz's own mastery score decides: 60 < 80 is failed, not done.
    assert _commit(enrolled, quiz, _status_12("completed", raw="60"))["sco_completed"] is False
    assert _commit(enrolled, quiz, _status_12("completed", raw="90"))["sco_completed"] is True
    assert not LessonProgress.objects.filter(lesson=lesson).exists()

    wrapup = _launch(enrolled, lesson, package, sco="wrapup")
    assert _commit(enrolled, wrapup, _status_12("incomplete"))["completed"] is False
    assert _commit(enrolled, wrapup, _status_12("passed"))["completed"] is True
    assert LessonProgress.objects.filter(lesson=lesson, enrolment__learner=learner).count() == 1

    attempts = ScormAttempt.objects.filter(learner=learner, package=package).order_by("pk")
    assert [(a.sco, a.lesson_status, a.completed_at is not None) for a in attempts] == [
        ("intro", "completed", True),
        ("quiz", "passed", True),
        ("wrapup", "passed", True),
    ]
    # Reopening a part resumes its own data, not another part's.
    again = _launch(enrolled, lesson, package, sco="intro")
    assert again["attempt"] == first["attempt"] and again["completed"] is True
    assert again["cmi"]["core"]["lesson_status"] == "completed"


@pytest.mark.django_db
def test_each_sco_is_judged_by_its_own_2004_thresholds(enrolled, learner, lesson):
    package = create_package(upload=zip_multi_2004(), title="Two parts")
    lesson = attach_to_lesson(package=package, lesson=lesson)
    read = _launch(enrolled, lesson, package, sco="read")
    assert read["cmi"]["completion_threshold"] == "0.8"
    # Below its completion threshold the SCO is incomplete whatever it says.
    assert _commit(enrolled, read, _status_2004("completed", progress="0.5"))["sco_completed"] is False
    assert _commit(enrolled, read, _status_2004("incomplete", progress="0.9"))["sco_completed"] is True
    check = _launch(enrolled, lesson, package)
    assert check["sco"] == "check" and check["cmi"]["scaled_passing_score"] == "0.6"
    # Completed but failed (0.5 < 0.6) is not done.
    assert _commit(enrolled, check, _status_2004("completed", scaled="0.5"))["completed"] is False
    assert not LessonProgress.objects.filter(lesson=lesson).exists()
    assert _commit(enrolled, check, _status_2004("completed", scaled="0.7"))["completed"] is True
    assert LessonProgress.objects.filter(lesson=lesson, enrolment__learner=learner).exists()


@pytest.mark.django_db
def test_an_unknown_sco_is_not_found(enrolled, lesson):
    package = create_package(upload=zip_multi_2004(), title="Two parts")
    lesson = attach_to_lesson(package=package, lesson=lesson)
    response = enrolled.post(reverse("scorm:launch", args=[lesson.pk, package.pk]), {"sco": "nope"})
    assert response.status_code == 404
    assert not ScormAttempt.objects.exists()


@pytest.mark.django_db
def test_a_single_sco_package_keeps_one_attempt_without_a_sco_name(enrolled, lesson, package_12):
    lesson = attach_to_lesson(package=package_12, lesson=lesson)
    launch = _launch(enrolled, lesson, package_12)
    assert launch["sco"] == "" and launch["scos"] == []
    assert package_12.scos == [] and [sco.identifier for sco in package_12.sco_list] == [""]
    assert ScormAttempt.objects.get().sco == ""


@pytest.mark.django_db
def test_the_command_lists_the_scos(lesson):
    import io
    import tempfile

    from django.core.management import call_command

    with tempfile.NamedTemporaryFile(suffix=".zip") as handle:
        handle.write(zip_multi_12().getvalue())
        handle.flush()
        out = io.StringIO()
        call_command("import_scorm", handle.name, lesson=lesson.pk, stdout=out)
    assert "3 SCOs" in out.getvalue() and "2. Quiz (quiz/index.html?mode=test)" in out.getvalue()

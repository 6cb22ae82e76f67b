"""SCORM fixtures: packages built in the test from small files, stored in a temporary directory."""

import io
import zipfile

import pytest

from tests.factories import lessons_of

MANIFEST_12 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="t12" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o1"><organization identifier="o1"><title>Single SCO 1.2</title>
    <item identifier="i1" identifierref="r1"><title>Page</title><adlcp:masteryscore>80</adlcp:masteryscore></item>
  </organization></organizations>
  <resources><resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html">
    <file href="index.html"/></resource></resources>
</manifest>"""

MANIFEST_2004 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="t2004" version="1" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="o1"><organization identifier="o1"><title>SCORM 2004 module</title>
    <item identifier="i1" identifierref="r1"><title>Module</title>
      <adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.5"/>
      <imsss:sequencing><imsss:objectives>
        <imsss:primaryObjective objectiveID="p" satisfiedByMeasure="true">
          <imsss:minNormalizedMeasure>0.7</imsss:minNormalizedMeasure></imsss:primaryObjective>
      </imsss:objectives></imsss:sequencing>
    </item>
  </organization></organizations>
  <resources><resource identifier="r1" type="webcontent" adlcp:scormType="sco" href="content/start.html">
    <file href="content/start.html"/></resource></resources>
</manifest>"""

PAGE = "<!DOCTYPE html><html><body><p>SCO</p></body></html>"


def make_zip(files, *, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in files.items():
            if isinstance(name, zipfile.ZipInfo):
                archive.writestr(name, content)
            else:
                archive.writestr(name, content)
    buffer.seek(0)
    return buffer


def zip_12():
    return make_zip({"imsmanifest.xml": MANIFEST_12, "index.html": PAGE})


def zip_2004():
    return make_zip({"imsmanifest.xml": MANIFEST_2004, "content/start.html": PAGE})


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English, whatever language an earlier test's request left active."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def scorm_root(settings, tmp_path):
    settings.SCORM_ROOT = tmp_path / "scorm-packages"
    return settings.SCORM_ROOT


@pytest.fixture
def package_12(db):
    from scorm.services import create_package

    return create_package(upload=zip_12(), title="Package 1.2")


@pytest.fixture
def package_2004(db):
    from scorm.services import create_package

    return create_package(upload=zip_2004(), title="Package 2004")


@pytest.fixture
def scorm_lesson(course, package_12):
    from scorm.services import attach_to_lesson

    lesson = lessons_of(course)[0]
    return attach_to_lesson(package=package_12, lesson=lesson)

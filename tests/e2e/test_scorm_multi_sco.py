"""End to end in Chromium (phone size): a SCORM 1.2 package with two SCOs is played part by part
and completes its lesson only when both parts are done."""

import pytest

from courses.models import LessonProgress
from courses.services import enrol
from scorm.models import ScormAttempt
from scorm.services import attach_to_lesson, create_package

from ..factories import lessons_of, make_course, make_staff
from ..scorm.conftest import make_zip

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="two" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>Two parts</title>
    <item identifier="one" identifierref="r1"><title>Part one</title></item>
    <item identifier="two" identifierref="r2"><title>Part two</title></item>
  </organization></organizations>
  <resources>
    <resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="one.html"><file href="one.html"/></resource>
    <resource identifier="r2" type="webcontent" adlcp:scormtype="sco" href="two.html"><file href="two.html"/></resource>
  </resources>
</manifest>"""

# A SCO that says which part it is, and on "Finish" reports itself completed as SCORM 1.2 does.
SCO = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{name}</title></head><body>
<h1 id="name">{name}</h1><p id="status"></p><button id="finish" type="button">Finish</button>
<script>
var api = window.parent.API;
api.LMSInitialize("");
document.getElementById("status").textContent = api.LMSGetValue("cmi.core.lesson_status");
document.getElementById("finish").addEventListener("click", function () {{
  api.LMSSetValue("cmi.core.lesson_status", "completed");
  api.LMSCommit("");
  document.getElementById("status").textContent = "saved";
}});
</script></body></html>"""


@pytest.fixture(autouse=True)
def scorm_root(settings, tmp_path):
    settings.SCORM_ROOT = tmp_path / "scorm-packages"


def test_a_learner_plays_each_part_and_the_lesson_completes_after_the_last(live_server, page):
    learner = make_staff(username="e2e-multi-sco", preferred_language="en")
    course = make_course(modules=1, lessons=1)
    enrol(learner=learner, course=course)
    (lesson,) = lessons_of(course)
    upload = make_zip(
        {"imsmanifest.xml": MANIFEST, "one.html": SCO.format(name="One"), "two.html": SCO.format(name="Two")}
    )
    attach_to_lesson(package=create_package(upload=upload), lesson=lesson)
    lesson_url = f"{live_server.url}/en{lesson.url_path[len('/courses') :]}"

    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#id_username", "e2e-multi-sco")
    page.fill("#id_password", "pass-word-123")
    page.click("main button[type=submit]")
    page.wait_for_url("**/en/learning/")

    page.goto(lesson_url)
    parts = page.locator("[data-scorm-parts]")
    parts.locator("[aria-current=step]", has_text="Part one").wait_for()
    assert parts.locator("li").all_inner_texts() == ["Part one", "Part two"]
    module = page.frame_locator(".scorm-frame")
    module.locator("#name", has_text="One").wait_for()
    module.locator("#finish").click()
    module.locator("#status", has_text="saved").wait_for()
    page.locator(".scorm-status.is-done").wait_for()
    assert "completed" in parts.locator("li").first.inner_text()
    assert not LessonProgress.objects.filter(lesson=lesson).exists()

    page.click("[data-scorm-parts] a[rel=next]")
    parts.locator("[aria-current=step]", has_text="Part two").wait_for()
    module = page.frame_locator(".scorm-frame")
    module.locator("#name", has_text="Two").wait_for()
    module.locator("#finish").click()
    page.locator("[data-scorm-player][data-completed=true]").wait_for()
    assert LessonProgress.objects.filter(lesson=lesson, enrolment__learner=learner).exists()
    assert sorted(ScormAttempt.objects.filter(learner=learner).values_list("sco", flat=True)) == ["one", "two"]

    # Coming back without choosing a part opens the first one, its own data kept.
    page.goto(lesson_url)
    module = page.frame_locator(".scorm-frame")
    module.locator("#status", has_text="completed").wait_for()
    assert module.locator("#name").inner_text() == "One"
    page.screenshot(path="/tmp/interop-multi-sco.png", full_page=True)

    # The list and the links speak the reader's language.
    for lang, label, done in (("km", "ផ្នែកបន្ទាប់", "បានបញ្ចប់"), ("lo", "ສ່ວນຕໍ່ໄປ", "ສຳເລັດແລ້ວ")):
        page.goto(lesson_url.replace("/en/", f"/{lang}/", 1))
        page.locator("[data-scorm-parts] a[rel=next]", has_text=label).wait_for()
        assert parts.locator(".badge").all_inner_texts() == [done, done]
        page.screenshot(path=f"/tmp/interop-multi-sco-{lang}.png", full_page=True)

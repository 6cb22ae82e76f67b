"""End to end in Chromium (phone size): a SCORM 1.2 lesson is answered, left, resumed and completed."""

import pytest

from courses.models import Enrolment
from courses.services import complete_lesson, enrol
from scorm.demo import build_demo_zip
from scorm.models import ScormAttempt
from scorm.services import attach_to_lesson, create_package

from ..factories import lessons_of, make_course, make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def scorm_root(settings, tmp_path):
    settings.SCORM_ROOT = tmp_path / "scorm-packages"


def test_learner_resumes_and_completes_a_scorm_lesson(live_server, page):
    learner = make_staff(username="e2e-scorm", preferred_language="en")
    course = make_course(modules=1, lessons=2)
    enrolment = enrol(learner=learner, course=course)
    scorm_lesson, other_lesson = lessons_of(course)
    package = create_package(upload=build_demo_zip())
    attach_to_lesson(package=package, lesson=scorm_lesson)
    complete_lesson(enrolment=enrolment, lesson=other_lesson)
    lesson_url = f"{live_server.url}/en{scorm_lesson.url_path[len('/courses') :]}"
    course_url = f"{live_server.url}/en{course.url_path[len('/courses') :]}"

    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#id_username", "e2e-scorm")
    page.fill("#id_password", "pass-word-123")
    page.click("main button[type=submit]")
    page.wait_for_url("**/en/learning/")

    page.goto(lesson_url)
    module = page.frame_locator(".scorm-frame")
    module.locator("#page-1 h1").wait_for()
    module.locator("#next").click()
    module.locator("#next").click()
    module.locator("input[value=register]").check()
    module.locator("#check").click()
    module.locator("#feedback").filter(has_text="Correct").wait_for()
    attempt = ScormAttempt.objects.get(learner=learner)
    assert attempt.location == "3" and "register" in attempt.suspend_data
    assert attempt.completed_at is None

    page.goto(course_url)  # leave the lesson
    page.goto(lesson_url)  # and come back: the module opens where it was left
    module = page.frame_locator(".scorm-frame")
    module.locator("#page-3 legend").wait_for()
    assert module.locator("input[value=register]").is_checked()
    assert module.locator("#page-number").inner_text() == "3 / 4"
    module.locator("#next").click()
    module.locator("#finish").click()
    page.locator("[data-scorm-player][data-completed=true]").wait_for()

    page.goto(course_url)
    assert page.get_attribute("[data-testid=progress-course]", "value") == "100"
    assert page.locator(".lesson-list .done").count() == 2
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    assert enrolment.completed_at is not None
    attempt.refresh_from_db()
    assert attempt.lesson_status == "passed" and attempt.completed_at is not None

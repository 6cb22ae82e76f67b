"""End to end in Chromium: log in, switch to Khmer, open a lesson, complete it, see the bar move."""

import pytest

from courses.services import enrol

from ..factories import lessons_of, make_course, make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_learner_completes_a_lesson_in_khmer(live_server, page):
    learner = make_staff(username="e2e", preferred_language="en")
    course = make_course(modules=2, lessons=2)
    enrol(learner=learner, course=course)
    lesson = lessons_of(course)[0]

    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#id_username", "e2e")
    page.fill("#id_password", "pass-word-123")
    page.click("main button[type=submit]")
    page.wait_for_url("**/en/learning/")

    page.click(".lang-switch button[lang=km]")
    page.wait_for_url("**/km/learning/")
    assert page.locator("h1").inner_text() == "ការសិក្សារបស់ខ្ញុំ"

    page.goto(f"{live_server.url}/km{course.url_path[len('/courses') :]}")
    assert page.get_attribute("[data-testid=progress-course]", "value") == "0"

    page.goto(f"{live_server.url}/km{lesson.url_path[len('/courses') :]}")
    assert "អត្ថបទ 1.1" in page.inner_text(".lesson-body")
    page.click(".complete-form button")
    page.wait_for_load_state()
    assert page.get_attribute("[data-testid=progress-course]", "value") == "25"

    page.goto(f"{live_server.url}/km{course.url_path[len('/courses') :]}")
    assert page.get_attribute("[data-testid=progress-course]", "value") == "25"
    learner.refresh_from_db()
    assert learner.preferred_language == "km"

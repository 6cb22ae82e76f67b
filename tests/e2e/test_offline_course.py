"""Save this course for offline, in Chromium: an enrolled learner saves a course, switches the
network off, and opens its lessons (also ones never opened before) in their language; removing
the course frees it, and the lessons then show the offline page."""

import pytest

from courses.models import LessonPage, LessonProgress
from courses.services import enrol

from ..factories import make_course, make_staff
from .offline_helpers import log_in_by_cookie, site, wait_for_worker

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def address(language, page, course):
    return f"/{language}{page.url_path[len(course.get_parent().url_path) - 1 :]}"


@pytest.mark.parametrize(("language", "body", "saved"), [("km", "អត្ថបទ", "បានរក្សាទុក"), ("lo", "ເນື້ອໃນ", "ບັນທຶກ")])
def test_a_saved_course_opens_without_a_connection(live_server, page, language, body, saved):
    learner = make_staff(username=f"saver-{language}", preferred_language=language)
    course = make_course(modules=2, lessons=2)
    enrol(learner=learner, course=course)
    lessons = list(LessonPage.objects.descendant_of(course).order_by("path"))
    base = site(live_server)
    log_in_by_cookie(page.context, base, learner)

    page.goto(base + address(language, course, course))
    wait_for_worker(page)
    panel = page.locator("[data-testid=offline-course]")
    assert panel.get_attribute("data-state") == "not-saved"
    page.click("[data-testid=offline-save]")
    page.wait_for_selector("[data-testid=offline-course][data-state=saved]")
    assert saved in page.inner_text("[data-testid=offline-state]")

    page.context.set_offline(True)
    for lesson in (lessons[-1], lessons[0]):  # the last one was never opened online
        page.goto(base + address(language, lesson, course))
        assert page.locator("[data-testid=offline-page]").count() == 0
        assert f"{body} {lesson.title_en.split()[-1]}" in page.inner_text(".lesson-body")
        assert page.evaluate("document.documentElement.lang") == language
    page.goto(base + address(language, course, course))
    page.wait_for_selector("[data-testid=offline-course][data-state=saved]")

    page.click("[data-testid=offline-remove]")
    page.wait_for_selector("[data-testid=offline-course][data-state=not-saved]")
    page.goto(base + address(language, lessons[0], course))
    assert page.locator("[data-testid=offline-page]").count() == 1


def test_the_panel_is_only_on_the_page_of_a_course_the_learner_is_enrolled_in(live_server, page):
    learner = make_staff(username="not-enrolled")
    course = make_course(modules=1, lessons=1)
    base = site(live_server)
    log_in_by_cookie(page.context, base, learner)
    page.goto(base + address("km", course, course))
    assert page.locator("[data-testid=offline-course]").count() == 0


def test_mark_as_complete_without_a_connection_is_sent_once_when_it_returns(live_server, page):
    learner = make_staff(username="outbox", preferred_language="km")
    course = make_course(modules=1, lessons=2)
    enrolment = enrol(learner=learner, course=course)
    lesson = LessonPage.objects.descendant_of(course).order_by("path").first()
    base = site(live_server)
    log_in_by_cookie(page.context, base, learner)
    page.goto(base + address("km", course, course))
    wait_for_worker(page)
    page.click("[data-testid=offline-save]")
    page.wait_for_selector("[data-testid=offline-course][data-state=saved]")

    page.context.set_offline(True)
    page.goto(base + address("km", lesson, course))
    page.click(".complete-form button")
    page.wait_for_selector("[data-testid=queued]")
    page.wait_for_selector("#offline-status[data-waiting-count='1']")
    assert "កំពុងរង់ចាំផ្ញើ" in page.inner_text("#offline-status")
    assert not LessonProgress.objects.filter(enrolment=enrolment).exists()

    page.close()  # closing the page loses nothing: the outbox is in IndexedDB
    page = page.context.new_page()
    page.goto(base + address("km", lesson, course))
    page.wait_for_selector("#offline-status[data-waiting-count='1']")
    page.context.set_offline(False)
    page.wait_for_selector("#offline-status[data-waiting-count='0']", state="attached")
    assert LessonProgress.objects.filter(enrolment=enrolment, lesson=lesson).count() == 1


def test_logging_out_deletes_the_saved_courses(live_server, page):
    learner = make_staff(username="leaver")
    course = make_course(modules=1, lessons=1)
    enrol(learner=learner, course=course)
    base = site(live_server)
    log_in_by_cookie(page.context, base, learner)
    page.goto(base + address("km", course, course))
    wait_for_worker(page)
    page.click("[data-testid=offline-save]")
    page.wait_for_selector("[data-testid=offline-course][data-state=saved]")
    saved = [name for name in page.evaluate("caches.keys()") if name.startswith("course-")]
    assert saved == [f"course-{learner.pk}-{course.pk}"]
    page.click(".main-nav form.inline button")
    page.wait_for_url("**/accounts/login/**")
    assert [name for name in page.evaluate("caches.keys()") if name.startswith("course-")] == []

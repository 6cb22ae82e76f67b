"""End to end on a phone, in Khmer and in Lao: a learner is led from "Continue" on My learning
through the lessons, the module's required quiz and the post-test to the completion message and
the certificate, always by the page's own next-step link, never by typing an address."""

import pytest

from assessments.models import QuizRole
from certificates.models import IssuedCertificate
from courses.models import LessonPage
from courses.services import enrol

from ..assessments.helpers import make_category, make_question, make_quiz
from ..factories import make_course, make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WORDS = {
    "km": {"done": "អ្នកបានបញ្ចប់វគ្គសិក្សានេះហើយ", "left": "អ្វីដែលនៅសល់"},
    "lo": {"done": "ທ່ານໄດ້ຮຽນຈົບຫຼັກສູດນີ້ແລ້ວ", "left": "ສິ່ງທີ່ຍັງເຫຼືອ"},
}


def _take_quiz(page):
    """Start (or continue) the quiz on screen, choose the right option of each question, submit."""
    page.click("[data-testid=start-quiz]")
    while True:
        page.locator("input[type=radio]").first.check()  # the helpers put the right option first
        if page.locator("[data-testid=next]").count():
            page.click("[data-testid=next]")
        else:
            break
    page.click("[data-testid=submit-quiz]")
    page.click("[data-testid=confirm-submit]")
    page.wait_for_selector("[data-testid=passed]")


@pytest.mark.parametrize("language", ["km", "lo"])
def test_a_learner_is_led_from_the_last_lesson_through_the_quizzes_to_the_certificate(live_server, page, language):
    learner = make_staff(
        username=f"journey-{language}", preferred_language=language, country="KH" if language == "km" else "LA"
    )
    course = make_course(modules=1, lessons=2)
    category = make_category(course)
    questions = [make_question(category, options=[("Right", True), ("Wrong", False)]) for _ in range(2)]
    module = LessonPage.objects.descendant_of(course).first().get_parent().specific
    make_quiz(
        course, questions, title="Module quiz", module=module, required_for_completion=True, shuffle_options=False
    )
    make_quiz(course, questions, title="Post-test", role=QuizRole.POST_TEST, required_for_completion=True)
    enrol(learner=learner, course=course)

    page.goto(f"{live_server.url}/{language}/accounts/login/")
    page.fill("#id_username", learner.username)
    page.fill("#id_password", "pass-word-123")
    page.click("main button[type=submit]")
    page.goto(f"{live_server.url}/{language}/learning/")

    page.click("[data-testid=continue]")  # My learning's Continue goes to the first lesson
    assert page.locator(".lesson-body").count() == 1
    page.click(".complete-form button")  # lesson 1 → lesson 2
    page.click(".complete-form button")  # the last lesson → the module's required quiz
    assert "/quizzes/" in page.url
    _take_quiz(page)
    page.click("[data-testid=continue-course]")  # → the post-test
    assert "/quizzes/" in page.url
    assert IssuedCertificate.objects.filter(holder=learner).count() == 0
    _take_quiz(page)
    page.click("[data-testid=continue-course]")  # → the completed course: message and certificate
    main = page.inner_text("main")
    assert WORDS[language]["done"] in main
    assert WORDS[language]["left"] not in main
    certificate = IssuedCertificate.objects.get(holder=learner)
    assert page.locator(f"a[href$='/download/{certificate.code}/']").count() == 1
    page.screenshot(path=f"screenshots/journey-{language}.png", full_page=True)

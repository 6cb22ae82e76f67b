"""End to end in Chromium: take a required quiz, reload mid-way, fail, retry, pass, and see the course complete."""

import pytest

from courses.services import complete_lesson, enrol

from ..assessments.helpers import make_category, make_question, make_quiz
from ..factories import lessons_of, make_course, make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_learner_fails_retries_passes_and_completes_the_course(live_server, page):
    learner = make_staff(username="quizzer", preferred_language="en")
    course = make_course(modules=1, lessons=1)
    enrolment = enrol(learner=learner, course=course)
    category = make_category(course)
    first, second = make_question(category, stem="Which office registers job seekers?"), make_question(category)
    make_quiz(course, [first, second], title="Final check", pass_mark=100, required_for_completion=True)
    complete_lesson(enrolment=enrolment, lesson=lessons_of(course)[0])
    right = {q.pk: q.options.get(is_correct=True).text for q in (first, second)}
    wrong = {q.pk: q.options.filter(is_correct=False).first().text for q in (first, second)}
    course_url = f"{live_server.url}/en{course.url_path[len('/courses') :]}"

    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#id_username", "quizzer")
    page.fill("#id_password", "pass-word-123")
    page.click("main button[type=submit]")
    page.wait_for_url("**/en/learning/")

    page.goto(course_url)
    assert page.locator(".badge-done").count() == 0  # not completed: the required quiz is not passed
    page.click("[data-testid=quiz-section] a")
    page.click("[data-testid=start-quiz]")
    assert "Answered 0 of 2" in page.inner_text("main [role=status]")

    page.get_by_label(right[first.pk]).check()
    page.click("[data-testid=save-answer]")
    page.wait_for_url("**?q=2*")
    page.reload()
    page.goto(page.url.split("?")[0] + "?q=1")
    assert page.get_by_label(right[first.pk]).is_checked()  # kept on the server across the reload
    assert "Answered 1 of 2" in page.inner_text("main [role=status]")

    page.click("[data-testid=go-2]")
    page.get_by_label(wrong[second.pk]).check()
    page.click("[data-testid=save-answer]")
    page.click("[data-testid=submit-quiz]")
    page.click("[data-testid=confirm-submit]")
    page.wait_for_selector("[data-testid=failed]")
    assert "50" in page.inner_text("[data-testid=result]")

    page.click("text=Back to the quiz")
    page.click("[data-testid=start-quiz]")  # "Try again"
    for question in (first, second):
        page.get_by_label(right[question.pk]).check()
        page.click("[data-testid=save-answer]")
    page.click("[data-testid=submit-quiz]")
    page.click("[data-testid=confirm-submit]")
    page.wait_for_selector("[data-testid=passed]")

    page.goto(course_url)
    assert "Completed on" in page.inner_text("main")
    assert "100%" in page.inner_text("[data-testid=quiz-section]")

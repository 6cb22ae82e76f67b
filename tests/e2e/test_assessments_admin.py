"""End to end in Chromium: the question form follows its kind, and the quiz's module chooser opens in the course."""

import pytest

from ..assessments.helpers import make_category, make_question, make_quiz
from ..factories import make_course, make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _log_in(page, live_server):
    make_staff(username="writer", roles=["content_editor"], preferred_language="en")
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#id_username", "writer")
    page.fill("#id_password", "pass-word-123")
    page.click("main button[type=submit]")
    page.wait_for_url("**/admin/")


def test_the_question_form_shows_the_fields_of_the_chosen_kind(live_server, page):
    make_category(make_course(modules=1, lessons=1))
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/snippets/assessments/question/add/")
    numeric = page.locator('section[data-question-kinds="numeric"]')
    options = page.locator('section[data-question-kinds="single multiple true_false ordering matching"]')
    assert numeric.is_hidden() and options.is_visible()
    page.select_option("#id_kind", "numeric")
    assert numeric.is_visible() and options.is_hidden()
    page.select_option("#id_kind", "matching")
    assert numeric.is_hidden() and options.is_visible()
    page.click("#id_options-ADD")
    assert page.locator("#id_options-0-match_en").is_visible()
    assert page.locator("#id_options-0-is_correct").is_hidden()
    page.select_option("#id_kind", "single")
    assert page.locator("#id_options-0-match_en").is_hidden()
    assert page.locator("#id_options-0-is_correct").is_visible()


def test_the_module_chooser_opens_inside_the_quiz_course(live_server, page):
    course = make_course(modules=2, lessons=1)
    other = make_course(modules=3, lessons=1)
    quiz = make_quiz(course, [make_question(make_category(course))])
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/snippets/assessments/quiz/edit/{quiz.pk}/")
    # The chooser is pointed at the course by quiz_form.js: click only once every script has run.
    page.wait_for_load_state("networkidle")
    page.click("#id_module-chooser .unchosen [data-chooser-action-choose]")
    modal = page.locator(".modal")
    modal.get_by_text("Module 2").first.wait_for()
    text = modal.inner_text()
    # Inside the quiz's course: its two modules, and nothing of the other course (not its title, not its modules).
    assert course.title in text and other.title not in text, text
    assert "Module 3" not in text, text

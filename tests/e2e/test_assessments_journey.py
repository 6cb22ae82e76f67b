"""End to end in Chromium on a phone (390x844), in Khmer and in Lao: quiz answers are never lost.

With JavaScript each choice is saved as it is made and the learner is told so; a choice made while the
connection is down is kept on the device (the offline outbox), shown as waiting, and sent when the
connection returns, and the server then holds the newest choice. Without JavaScript every navigation
control saves before it moves. Submit asks for confirmation and lists the unanswered questions; the
review shows each question's own answer.
"""

import pytest

from assessments.models import Answer, Option
from courses.services import enrol

from ..assessments.helpers import make_category, make_question, make_quiz
from ..factories import make_course, make_staff
from .offline_helpers import wait_for_worker

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SAVED = {"km": "បានរក្សាទុក", "lo": "ບັນທຶກແລ້ວ"}
QUEUED = {
    "km": "បានរក្សាទុកនៅលើឧបករណ៍នេះ៖ វានឹងត្រូវផ្ញើនៅពេលមានការតភ្ជាប់វិញ។",
    "lo": "ເກັບໄວ້ໃນອຸປະກອນນີ້: ມັນຈະຖືກສົ່ງເມື່ອມີການເຊື່ອມຕໍ່ຄືນ.",
}
WAITING = {"km": "កំពុងរង់ចាំផ្ញើ", "lo": "ກຳລັງລໍຖ້າສົ່ງ"}
QUESTION_3 = {"km": "សំណួរទី 3", "lo": "ຄຳຖາມທີ 3"}


def _setup(lang):
    learner = make_staff(username=f"quiz-{lang}", preferred_language=lang, country="KH" if lang == "km" else "LA")
    course = make_course(modules=1, lessons=1)
    enrol(learner=learner, course=course)
    category = make_category(course)
    questions = [make_question(category) for _ in range(3)]
    quiz = make_quiz(course, questions, title="Check")
    wrong = [q.options.filter(is_correct=False).first().text for q in questions]
    return quiz, wrong


def _login(page, live_server, lang):
    page.goto(f"{live_server.url}/{lang}/accounts/login/")
    page.fill("#id_username", f"quiz-{lang}")
    page.fill("#id_password", "pass-word-123")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/{lang}/learning/")


def _go(page, testid, position):
    page.click(f"[data-testid={testid}]")
    page.wait_for_url(f"**?q={position}*")


def _start(page, live_server, lang, quiz):
    page.goto(f"{live_server.url}/{lang}/quizzes/{quiz.uuid}/")
    page.click("[data-testid=start-quiz]")
    page.wait_for_selector("[data-testid=question-form]")


@pytest.mark.parametrize("lang", ["km", "lo"])
def test_answers_survive_next_previous_question_numbers_and_a_dropped_connection(live_server, page, lang):
    quiz, wrong = _setup(lang)
    _login(page, live_server, lang)
    _start(page, live_server, lang, quiz)

    page.get_by_label(wrong[0]).check()
    page.wait_for_selector("[data-testid=save-status][data-state=saved]")
    assert page.inner_text("[data-testid=save-status]") == SAVED[lang]
    _go(page, "next", 2)
    _go(page, "previous", 1)
    assert page.get_by_label(wrong[0]).is_checked()

    _go(page, "go-2", 2)
    page.get_by_label(wrong[1]).check()
    _go(page, "go-3", 3)  # tapped at once: the form itself saves the choice before moving
    _go(page, "go-2", 2)
    assert page.get_by_label(wrong[1]).is_checked()

    # A dropped connection: the learner changes an answer that was saved; the new choice is kept on the
    # device and sent when the connection returns, and the server then holds it, not the older one.
    _go(page, "go-3", 3)
    wait_for_worker(page)  # the worker serves the outbox script while there is no connection
    wrong_3 = Option.objects.get(text=wrong[2])
    right_3 = wrong_3.question.options.get(is_correct=True)
    page.get_by_label(right_3.text).check()
    page.wait_for_selector("[data-testid=save-status][data-state=saved]")
    third = Answer.objects.get(attempt__quiz=quiz, position=3)
    assert third.response == {"choice": right_3.pk}

    page.context.set_offline(True)
    page.wait_for_selector("#offline-status:not([hidden])")  # the outbox has loaded and says so
    page.get_by_label(wrong[2]).check()
    page.wait_for_selector("[data-testid=save-status][data-state=queued]")
    assert page.inner_text("[data-testid=save-status]") == QUEUED[lang]
    page.wait_for_selector("#offline-status[data-waiting-count='1']")
    waiting = page.locator("[data-testid=outbox-list] li[data-state=waiting]")
    assert waiting.count() == 1 and wrong[2] in waiting.inner_text() and WAITING[lang] in waiting.inner_text()
    third.refresh_from_db()
    assert third.response == {"choice": right_3.pk}  # not sent yet: the server still has the older answer

    page.context.set_offline(False)
    page.wait_for_selector("#offline-status[data-waiting-count='0']", state="attached")
    page.wait_for_selector("[data-testid=save-status][data-state=saved]")
    assert page.inner_text("[data-testid=save-status]") == SAVED[lang]
    assert page.locator("[data-testid=outbox-list] li").count() == 0
    third.refresh_from_db()
    assert third.response == {"choice": wrong_3.pk}
    assert Answer.objects.filter(attempt__quiz=quiz, response__isnull=False).count() == 3

    # What the page shows comes from the server: after a reload and moving between questions.
    page.reload()
    page.wait_for_selector("[data-testid=question-form]")
    assert page.get_by_label(wrong[2]).is_checked() and not page.get_by_label(right_3.text).is_checked()
    _go(page, "previous", 2)
    assert page.get_by_label(wrong[1]).is_checked()
    _go(page, "next", 3)
    assert page.get_by_label(wrong[2]).is_checked()


@pytest.mark.parametrize("lang", ["km", "lo"])
def test_without_javascript_next_saves_and_submit_lists_the_unanswered(live_server, browser, lang):
    quiz, wrong = _setup(lang)
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        _login(page, live_server, lang)
        _start(page, live_server, lang, quiz)
        page.get_by_label(wrong[0]).check()
        _go(page, "next", 2)  # no script on this page: the form saves the choice, then moves
        _go(page, "previous", 1)
        assert page.get_by_label(wrong[0]).is_checked()

        _go(page, "go-2", 2)
        page.get_by_label(wrong[1]).check()
        page.click("[data-testid=submit-quiz]")
        page.wait_for_url("**/submit/")
        unanswered = page.locator("[data-testid=unanswered] a")
        assert unanswered.count() == 1 and unanswered.inner_text() == QUESTION_3[lang]
        assert "q=3" in unanswered.get_attribute("href")

        page.click("[data-testid=confirm-submit]")
        page.wait_for_url("**/result/")
        for position in (1, 2):
            mine = page.locator(f"[data-testid=review-{position}] [data-testid=your-answer]")
            assert wrong[position - 1] in mine.inner_text()
        assert page.locator("[data-testid=review-3] [data-testid=not-answered]").count() == 1
        assert page.locator("input[name=choice]").count() == 0
    finally:
        context.close()

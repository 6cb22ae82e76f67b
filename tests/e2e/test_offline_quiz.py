"""Quizzes and progress without a connection, in Chromium with the network switched off: after
saving a course, a learner opens a lesson, marks it complete and answers two quiz questions offline;
closes the page, reopens it and the connection returns: the progress and the answers are on the
server exactly once. An answer queued for a quiz that closed meanwhile is refused with a translated
message and stays in the learner's view."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Answer
from assessments.services import start_attempt
from courses.models import LessonPage, LessonProgress
from courses.services import enrol

from ..assessments.helpers import make_category, make_question, make_quiz
from ..factories import make_course, make_staff
from .offline_helpers import log_in_by_cookie, site, wait_for_worker
from .test_offline_course import address

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WAITING = {"km": "កំពុងរង់ចាំផ្ញើ", "lo": "ລໍຖ້າສົ່ງ"}
NOT_SENT = {"km": "មិនបានផ្ញើទេ", "lo": "ບໍ່ໄດ້ສົ່ງ"}
TIMED = {"km": "មានកំណត់ពេល", "lo": "ມີກຳນົດເວລາ"}
CLOSED = {"km": "តេស្តនេះបានបិទ", "lo": "ແບບທົດສອບນີ້ປິດແລ້ວ"}


def course_with_quiz(language, **quiz_settings):
    learner = make_staff(username=f"offline-quiz-{language}", preferred_language=language)
    course = make_course(modules=1, lessons=2)
    enrolment = enrol(learner=learner, course=course)
    category = make_category(course)
    quiz = make_quiz(course, [make_question(category) for _ in range(3)], **quiz_settings)
    attempt = start_attempt(quiz=quiz, learner=learner)
    timed = make_quiz(course, [make_question(category)], title="Timed check", time_limit_minutes=20)
    return learner, course, enrolment, quiz, attempt, timed


def save_course(page, base, learner, course, language):
    log_in_by_cookie(page.context, base, learner)
    page.goto(base + address(language, course, course))
    wait_for_worker(page)
    page.click("[data-testid=offline-save]")
    page.wait_for_selector("[data-testid=offline-course][data-state=saved]")


def answer_offline(page, base, attempt, language, positions):
    """Choose the first option of each question, moving with "Next" as a learner does."""
    page.goto(f"{base}/{language}/quizzes/attempts/{attempt.uuid}/?q={positions[0]}")
    for index, _position in enumerate(positions):
        page.check(".question input[type=radio] >> nth=0")
        page.wait_for_selector(".save-status[data-state=queued]")
        if index + 1 < len(positions):
            page.click("[data-testid=next]")
            page.wait_for_url(f"**?q={positions[index + 1]}*")


def chosen(attempt, position):
    answer = Answer.objects.select_related("version").get(attempt=attempt, position=position)
    return answer.response, answer.option_order


@pytest.mark.parametrize("language", ["km", "lo"])
def test_progress_and_answers_made_offline_reach_the_server_once(live_server, page, language):
    learner, course, enrolment, quiz, attempt, timed = course_with_quiz(language)
    lesson = LessonPage.objects.descendant_of(course).order_by("path").first()
    base = site(live_server)
    save_course(page, base, learner, course, language)
    saved = page.locator("[data-testid=offline-quizzes] li")
    assert saved.count() == 2
    assert page.locator("[data-testid=offline-quizzes] li[data-offline=yes]").inner_text().startswith(quiz.title)
    assert TIMED[language] in page.locator("[data-testid=offline-quizzes] li[data-offline=no]").inner_text()

    page.context.set_offline(True)
    page.goto(base + address(language, lesson, course))
    page.click(".complete-form button")
    page.wait_for_selector("[data-testid=queued]")
    answer_offline(page, base, attempt, language, [1, 2])
    page.wait_for_selector("#offline-status[data-waiting-count='3']")
    assert WAITING[language] in page.inner_text("#offline-status")
    assert page.locator("[data-testid=outbox-list] li[data-state=waiting]").count() == 3
    assert not LessonProgress.objects.filter(enrolment=enrolment).exists()
    assert not Answer.objects.filter(attempt=attempt, response__isnull=False).exists()

    page.close()  # nothing is lost: the outbox is in IndexedDB
    page = page.context.new_page()
    page.goto(f"{base}/{language}/quizzes/attempts/{attempt.uuid}/?q=2")
    page.wait_for_selector("#offline-status[data-waiting-count='3']")
    assert page.is_checked(".question input[type=radio] >> nth=0")  # the answer chosen offline shows
    # The quiz's own stylesheet was saved with the course: the page looks as it does online.
    assert page.eval_on_selector(".quiz-nav .visually-hidden", "e => getComputedStyle(e).position") == "absolute"
    page.context.set_offline(False)
    page.wait_for_selector("#offline-status[data-waiting-count='0']", state="attached")
    page.wait_for_selector(".save-status[data-state=saved]")  # the page says the answer arrived

    assert LessonProgress.objects.filter(enrolment=enrolment, lesson=lesson).count() == 1
    for position in (1, 2):
        response, order = chosen(attempt, position)
        assert response == {"choice": order[0]}
    assert Answer.objects.get(attempt=attempt, position=3).response is None
    assert page.locator("[data-testid=outbox-list] li").count() == 0


@pytest.mark.parametrize("language", ["lo", "km"])
def test_an_answer_for_a_quiz_closed_meanwhile_is_refused_and_stays_in_view(live_server, page, language):
    learner, course, _enrolment, quiz, attempt, _timed = course_with_quiz(
        language, closes_at=timezone.now() + timedelta(days=1)
    )
    base = site(live_server)
    save_course(page, base, learner, course, language)

    page.context.set_offline(True)
    answer_offline(page, base, attempt, language, [1])
    page.wait_for_selector("#offline-status[data-waiting-count='1']")
    quiz.closes_at = timezone.now() - timedelta(minutes=1)
    quiz.save()
    page.context.set_offline(False)
    refused = page.wait_for_selector("[data-testid=outbox-list] li[data-state=refused]")
    assert NOT_SENT[language] in refused.inner_text() and CLOSED[language] in refused.inner_text()
    assert CLOSED[language] in page.inner_text(".save-status[data-state=refused]")  # beside the answer too
    assert Answer.objects.get(attempt=attempt, position=1).response is None

    # Still there on reopening, and the question page shows the answer with the reason.
    page.context.set_offline(True)
    page.goto(f"{base}/{language}/quizzes/attempts/{attempt.uuid}/?q=1")
    page.wait_for_selector(".save-status[data-state=refused]")
    assert CLOSED[language] in page.inner_text(".save-status")
    assert page.is_checked(".question input[type=radio] >> nth=0")
    assert page.locator("[data-testid=outbox-list] li[data-state=refused]").count() == 1

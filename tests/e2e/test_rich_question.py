"""End to end in Chromium (phone size, Khmer): a question imported from Moodle with formatting and
an image reads as rich text, the image with its alternative text, and passes the axe audit;
then the multi-SCO player's parts list passes it too."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from assessments.interop.importing import import_file
from assessments.models import Question
from courses.services import enrol
from scorm.services import attach_to_lesson, create_package

from ..assessments.helpers import make_category, make_quiz
from ..factories import lessons_of, make_course, make_staff
from ..scorm.test_multi_sco import zip_multi_12
from .test_accessibility import audit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FILES = Path(__file__).resolve().parent.parent / "assessments" / "interop" / "files"


@pytest.fixture(autouse=True)
def scorm_root(settings, tmp_path):
    settings.SCORM_ROOT = tmp_path / "scorm-packages"


def test_an_imported_question_with_an_image_reads_well_and_passes_the_audit(live_server, page):
    learner = make_staff(username="e2e-rich", preferred_language="km")
    course = make_course(modules=1, lessons=1)
    enrol(learner=learner, course=course)
    category = make_category(course)
    import_file(bank=category.bank, data=(FILES / "all_types.xml").read_bytes())
    question = Question.objects.get(stem_en__startswith="<p>What is the <b>first</b> step")
    quiz = make_quiz(course, [question], title="Rich")
    (lesson,) = lessons_of(course)
    attach_to_lesson(package=create_package(upload=zip_multi_12()), lesson=lesson)

    page.goto(f"{live_server.url}/km/accounts/login/")
    page.fill("#id_username", "e2e-rich")
    page.fill("#id_password", "pass-word-123")
    page.click("main button[type=submit]")
    page.wait_for_url("**/km/learning/")

    axe, found = Axe(), []
    page.goto(f"{live_server.url}/km/quizzes/{quiz.uuid}/")
    page.click("[data-testid=start-quiz]")
    stem = page.locator(".question [data-testid=stem]")
    stem.wait_for()
    assert "តើជំហានដំបូងគឺអ្វី?" in stem.inner_text()
    assert stem.locator("img").get_attribute("alt") == "Map of the centre"
    assert "<embed" not in page.content()
    audit(page, axe, found, "quiz question")
    page.screenshot(path="/tmp/interop-rich-question-e2e-km.png", full_page=True)

    page.goto(f"{live_server.url}/km{lesson.url_path[len('/courses') :]}")
    page.locator("[data-scorm-parts] [aria-current=step]").wait_for()
    audit(page, axe, found, "SCORM lesson with parts")
    assert found == []

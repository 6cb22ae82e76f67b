"""End to end in Chromium: a learner finishes a course on a phone and answers its survey (Khmer and
Lao); an HR planner reads the results on a desktop, with the small groups hidden."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from evaluations.models import Respondent, Response

from ..evaluations.helpers import course_with_answers, make_survey
from ..factories import lessons_of, make_course, make_staff
from .test_accessibility import audit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _log_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pass-word-123")
    page.click("main button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize(("lang", "thanks"), [("km", "សូមអរគុណ"), ("lo", "ຂອບໃຈ")])
def test_a_learner_completes_a_course_and_answers_the_survey_on_a_phone(live_server, page, lang, thanks):
    from courses.services import enrol

    learner = make_staff(username=f"e2e-eval-{lang}", preferred_language=lang, country="KH" if lang == "km" else "LA")
    course = make_course(modules=1, lessons=1)
    survey = make_survey(tier="self_paced")
    enrol(learner=learner, course=course)
    base = f"{live_server.url}/{lang}"
    _log_in(page, base, learner.username)

    page.goto(f"{base}{lessons_of(course)[0].url_path[len('/courses') :]}")
    page.click(".complete-form button")
    page.wait_for_load_state()
    offer = page.locator("[data-testid=survey-offer]")
    assert offer.count() == 1
    page.screenshot(path=f"/tmp/evaluation-{lang}-offer.png", full_page=True)
    offer.locator("a.button").click()
    page.wait_for_load_state()
    assert survey.title_km in page.inner_text("h1") if lang == "km" else survey.title_lo in page.inner_text("h1")

    # Sent without the required answers: told what is missing, in the reader's language; nothing saved.
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".form-errors[role=alert]").count() == 1
    assert not Response.objects.exists()
    found = []
    audit(page, Axe(), found, "survey (errors)")
    assert not found, found

    page.check("input[type=radio][value='5']")
    page.locator("fieldset").nth(1).locator("input[type=radio]").nth(1).check()
    page.locator("fieldset").nth(2).locator("input[type=checkbox]").first.check()
    page.fill("textarea", "ល្អណាស់" if lang == "km" else "ດີຫຼາຍ")
    page.screenshot(path=f"/tmp/evaluation-{lang}-survey.png", full_page=True)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert thanks in page.inner_text(".messages")
    assert page.locator("[data-testid=survey-offer]").count() == 0
    page.screenshot(path=f"/tmp/evaluation-{lang}-thanks.png", full_page=True)
    assert Respondent.objects.filter(person=learner, course=course).count() == 1
    assert Response.objects.get().answers.count() == 4


def test_an_hr_planner_reads_the_results_on_a_desktop(live_server, browser):
    from people.models import Role

    course, _survey, _people = course_with_answers(7, country="KH")
    planner = make_staff(username="e2e-eval-hr", roles=(), preferred_language="km")
    from people.models import Country
    from people.services import grant_role

    grant_role(user=planner, role=Role.HR_PLANNER, country=Country.objects.get(code="KH"))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    base = f"{live_server.url}/km"
    _log_in(page, base, planner.username)
    page.goto(f"{base}/evaluations/results/?course={course.pk}")
    assert page.locator("[data-testid=question]").count() == 4
    assert page.locator("[data-testid=not-shown]").count() == 0
    assert "Comment 3" in page.inner_text("[data-testid=free-text]")
    page.screenshot(path="/tmp/evaluation-hr-results.png", full_page=True)
    found = []
    audit(page, Axe(), found, "results")
    assert not found, found
    page.goto(f"{base}/evaluations/results/?course={course.pk}&sex=male")
    assert page.locator("[data-testid=not-shown]").count() == 1
    page.screenshot(path="/tmp/evaluation-hr-filtered.png", full_page=True)
    context.close()

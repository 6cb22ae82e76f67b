"""An axe-core audit (WCAG 2.1 A and AA rules) of the pages a learner reaches, in Khmer and in Lao,
on a phone-sized viewport: no serious or critical violation.

axe-core's script ships inside axe-playwright-python (axe_playwright_python/axe.min.js) and is
injected into the page, so the audit needs no network. Pages are audited as rendered by the real
site in Chromium (fonts, CSS, colours), with and without form errors.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from courses.services import enrol

from ..factories import lessons_of, make_course, make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
BLOCKING = ("serious", "critical")


# Violations that come from another app's templates or CSS, reported to that app; tolerated here
# (never required) so that this audit guards everything else. Empty this as they are fixed.
ELSEWHERE: set[tuple[str, str]] = set()


def audit(page, axe, found, label):
    """Run axe on the page now shown; record its serious and critical violations under a label."""
    results = axe.run(page, options=WCAG_21_AA)
    assert "violations" in results.response  # axe ran: an empty list means "checked and clean"
    for violation in results.response["violations"]:
        if violation["impact"] in BLOCKING and (label, violation["id"]) not in ELSEWHERE:
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]][:3]
            found.append(f"{label}: {violation['id']} ({violation['impact']}) {targets}")


@pytest.mark.parametrize("lang", ["km", "lo"])
def test_learner_pages_have_no_serious_accessibility_violations(live_server, page, lang):
    learner = make_staff(username="axe-learner", preferred_language=lang)
    course = make_course(modules=1, lessons=2)
    enrol(learner=learner, course=course)
    lesson = lessons_of(course)[0]
    course_path = course.url_path[len("/courses") :]
    lesson_path = lesson.url_path[len("/courses") :]
    base = f"{live_server.url}/{lang}"
    axe = Axe()
    found = []

    for path in ("/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/accounts/activate/", "/"):
        page.goto(base + path)
        assert page.get_attribute("html", "lang") == lang
        audit(page, axe, found, path)

    # Error states: the sign-up and log-in forms sent empty.
    page.goto(base + "/accounts/signup/")
    page.click("main button[type=submit]")
    page.wait_for_selector(".errors")
    audit(page, axe, found, "/accounts/signup/ (errors)")
    page.goto(base + "/accounts/login/")
    page.click("main button[type=submit]")
    page.wait_for_selector(".errors")
    audit(page, axe, found, "/accounts/login/ (errors)")

    page.fill("#id_username", "axe-learner")
    page.fill("#id_password", "pass-word-123")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/{lang}/learning/")

    for path in (
        "/learning/",
        "/",
        course_path,
        lesson_path,
        "/search/?q=1",
        "/accounts/profile/",
        "/accounts/password/change/",
        "/notifications/",
        "/notifications/e-mail/",
        "/calendar/",
        "/calendar/?view=list",
    ):
        page.goto(base + path)
        assert page.get_attribute("html", "lang") == lang
        audit(page, axe, found, path)

    assert not found, "\n".join(found)


@pytest.mark.parametrize("lang,country", [("km", "KH"), ("lo", "LA")])
def test_trainer_and_hr_pages_have_no_serious_accessibility_violations(live_server, page, lang, country):
    from people.models import Country, Role
    from people.services import grant_role

    staff = make_staff(username="axe-hr", country=country, roles=(Role.LEARNER, Role.TRAINER), preferred_language=lang)
    grant_role(user=staff, role=Role.HR_PLANNER, country=Country.objects.get(code=country))
    base = f"{live_server.url}/{lang}"
    axe = Axe()
    found = []

    page.goto(base + "/accounts/login/")
    page.fill("#id_username", "axe-hr")
    page.fill("#id_password", "pass-word-123")
    page.click("main button[type=submit]")
    page.wait_for_load_state()

    for path in HR_AND_TRAINER_PAGES:
        response = page.goto(base + path)
        assert response.status == 200, path
        audit(page, axe, found, path)

    assert not found, "\n".join(found)


HR_AND_TRAINER_PAGES = (
    "/hr/",
    "/hr/gaps/",
    "/hr/people/",
    "/cohorts/",
    "/cohorts/mine/",
    "/cohorts/check-in/",
    "/cohorts/fill-rates/",
    "/cohorts/cascade/",
    "/certificates/",
    "/certificates/issued/",
    "/certificates/verify/",
    "/certificates/cohorts/",
    "/hr/accounts/",
    "/hr/training/",
    "/hr/training/assign/",
    "/evaluations/results/",
)

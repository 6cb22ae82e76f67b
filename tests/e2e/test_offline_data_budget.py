"""Light on data, measured by the browser's own resource timings: the first visit of a Khmer
lesson page transfers at most 150 KB, a repeat visit at most 15 KB; the lesson is readable
before its fonts arrive (font-display: swap, no invisible text)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from courses.models import LessonPage
from courses.services import enrol

from ..factories import make_course, make_staff
from .offline_helpers import log_in_by_cookie, site, wait_for_worker

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TRANSFERRED = """async () => {
    await document.fonts.ready;
    const navigation = performance.getEntriesByType("navigation")[0];
    const resources = performance.getEntriesByType("resource").map((entry) => [entry.name, entry.transferSize]);
    return {navigation: navigation.transferSize, resources};
}"""


def transferred(page):
    measured = page.evaluate(TRANSFERRED)
    return measured["navigation"] + sum(size for _name, size in measured["resources"]), measured


def test_a_khmer_lesson_page_stays_within_its_data_budget(live_server, page):
    learner = make_staff(username="budget", preferred_language="km")
    course = make_course(modules=1, lessons=2)
    enrol(learner=learner, course=course)
    lesson = LessonPage.objects.descendant_of(course).order_by("path").first()
    base = site(live_server)
    log_in_by_cookie(page.context, base, learner)
    url = f"{base}/km{lesson.url_path[len(course.get_parent().url_path) - 1 :]}"

    response = page.goto(url)
    assert response.headers.get("content-encoding") == "gzip"
    first, measured = transferred(page)
    names = [name for name, _size in measured["resources"]]
    assert any("NotoSansKhmer-Regular" in name for name in names)  # the page's own script is shown in its font
    # Nothing the page does not use: the Lao regular face draws the language switch's "ລາວ"; no
    # bold Lao text is shown.
    assert not any("NotoSansLao-Bold" in name for name in names)
    print("first visit", first, measured)
    assert first <= 150 * 1024, measured

    wait_for_worker(page)
    page.goto(url)
    repeat, measured = transferred(page)
    print("repeat visit", repeat, measured)
    assert repeat <= 15 * 1024, measured


def test_every_font_is_shown_in_a_fallback_until_it_arrives():
    css = (Path(settings.BASE_DIR) / "elearning" / "static" / "css" / "site.css").read_text()
    faces = re.findall(r"@font-face\s*{[^}]*}", css)
    assert faces
    assert all("font-display: swap" in face for face in faces)

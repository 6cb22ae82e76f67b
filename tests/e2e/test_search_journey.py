"""A learner on a phone searches from the header box in Khmer and in Lao, sees the word marked inside
a sentence written without spaces, and opens the lesson from the result."""

import pytest

from courses.services import enrol

from ..factories import lessons_of, make_course, make_staff
from ..search.conftest import KHMER, LAO, publish_body

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("lang, query, marked", [("km", "ការងារ", "ការងារ"), ("lo", "ຊອກຫາວຽກ", "ຊອກຫາວຽກ")])
def test_a_learner_searches_in_their_language_on_a_phone(live_server, page, lang, query, marked):
    learner = make_staff(username=f"search-{lang}", preferred_language=lang, country="KH" if lang == "km" else "LA")
    course = make_course(modules=1, lessons=2)
    lesson = lessons_of(course)[0]
    publish_body(
        lesson,
        en="Looking for work in the capital.",
        km=f"យុវជនជាច្រើនមកមជ្ឈមណ្ឌល។ {KHMER}។ សូមស្វាគមន៍ពួកគេ។",
        lo=f"ໄວໜຸ່ມຫຼາຍຄົນມາສູນບໍລິການ. {LAO}. ຍິນດີຕ້ອນຮັບເຂົາເຈົ້າ.",
    )
    course.save_revision().publish()
    enrol(learner=learner, course=course)

    page.goto(f"{live_server.url}/{lang}/accounts/login/")
    page.fill("#id_username", learner.username)
    page.fill("#id_password", "pass-word-123")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/{lang}/learning/")

    # The header's box, named for screen readers by its (visually hidden) label.
    assert page.get_by_role("search").get_by_role("searchbox").is_visible()
    page.fill("#site-search-q", query)
    page.press("#site-search-q", "Enter")
    page.wait_for_selector(".search-result")
    assert page.get_attribute("html", "lang") == lang
    assert page.inner_text(".search-result mark") == marked
    # The phone layout: no horizontal scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=f"/tmp/search-{lang}.png", full_page=True)

    page.click(".search-result h3 a")
    page.wait_for_url(f"**/{lang}/**/{lesson.slug}/")
    assert marked in page.inner_text("main")

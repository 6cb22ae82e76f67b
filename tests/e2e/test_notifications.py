"""The notification list on a phone, in Khmer and in Lao: the menu count, open one, mark all read.

Screenshots are saved under /tmp/notify-*.png for a person to look at (Khmer and Lao script,
long course titles wrapping inside the cards, nothing wider than the screen).
"""

import pytest

from courses.services import enrol
from notifications.models import Kind
from notifications.services import Message, notify

from ..factories import make_course, make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("lang", ["km", "lo"])
def test_a_learner_reads_notifications_on_a_phone(live_server, page, lang):
    from notifications import events

    learner = make_staff(username=f"note-{lang}", preferred_language=lang, email="")
    course = make_course(modules=1, lessons=1)
    enrolment = enrol(learner=learner, course=course)
    events.enrolled(enrolment)
    events.course_completed(enrolment)
    notify(
        recipient=learner,
        kind=Kind.MEETING_REMINDER,
        event_key="e2e",
        render=lambda: Message(title=course.title + " · " + course.title, body=course.title * 3, link=""),
    )
    base = f"{live_server.url}/{lang}"
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", learner.username)
    page.fill("#id_password", "pass-word-123")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/{lang}/learning/")
    assert page.inner_text(".main-nav .badge") == "3"

    page.goto(base + "/notifications/")
    assert page.get_attribute("html", "lang") == lang
    assert page.locator(".notification.unread").count() == 3
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide on a 390px screen"
    page.screenshot(path=f"/tmp/notify-list-{lang}.png", full_page=True)

    # Opening one marks it read and follows its link (the course).
    page.locator(".notification form button.button").last.click()
    page.wait_for_load_state()
    assert f"/{lang}/" in page.url and "/notifications/" not in page.url
    page.goto(base + "/notifications/")
    assert page.locator(".notification.unread").count() == 2
    page.click("text=" + page.locator(".list-actions button").inner_text())
    page.wait_for_load_state()
    assert page.locator(".notification.unread").count() == 0
    assert page.locator(".main-nav .badge").count() == 0
    page.screenshot(path=f"/tmp/notify-read-{lang}.png", full_page=True)

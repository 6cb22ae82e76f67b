"""At the next connection a saved lesson published since is stored again and marked "updated"; a
check-in code typed without signal is queued and the meeting's rules decide with the time it was typed."""

from datetime import timedelta

import pytest

from cohorts.models import AttendanceRecord
from courses.services import enrol

from ..cohorts.factories import make_cohort, registered
from ..factories import lessons_of, make_course, make_staff
from .offline_helpers import log_in_by_cookie, site, wait_for_worker
from .test_offline_course import address

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def save(page, base, learner, course, language):
    log_in_by_cookie(page.context, base, learner)
    page.goto(base + address(language, course, course))
    wait_for_worker(page)
    page.click("[data-testid=offline-save]")
    page.wait_for_selector("[data-testid=offline-course][data-state=saved]")


@pytest.mark.parametrize(
    ("language", "updated", "lessons_updated"),
    [("km", "បានធ្វើបច្ចុប្បន្នភាព", "មេរៀនដែលបានធ្វើបច្ចុប្បន្នភាព"), ("lo", "ອັບເດດແລ້ວ", "ບົດຮຽນທີ່ອັບເດດ")],
)
def test_a_lesson_published_since_it_was_saved_is_picked_up_and_marked_updated(
    live_server, page, language, updated, lessons_updated
):
    learner = make_staff(username=f"updates-{language}", preferred_language=language)
    course = make_course(modules=1, lessons=2)
    enrol(learner=learner, course=course)
    lesson, other = lessons_of(course)
    base = site(live_server)
    save(page, base, learner, course, language)

    setattr(lesson, f"body_{language}", [{"type": "paragraph", "value": "<p>NEW-TEXT</p>"}])
    lesson.save_revision().publish()
    page.context.set_offline(True)
    page.context.set_offline(False)  # the connection returns: the saved course asks what changed
    page.wait_for_selector("[data-testid=updated-badge]")
    assert lessons_updated in page.inner_text("[data-testid=offline-state]")
    assert updated in page.inner_text("[data-testid=updated-badge] >> nth=0")
    marked = page.eval_on_selector_all(
        "[data-testid=updated-badge]", "badges => badges.map((b) => b.parentElement.getAttribute('href'))"
    )
    assert set(marked) == {address(language, lesson, course)}  # the lesson changed, not its neighbour

    page.context.set_offline(True)
    page.goto(base + address(language, lesson, course))
    assert "NEW-TEXT" in page.inner_text(".lesson-body")
    assert updated in page.inner_text("[data-testid=offline-updated]")
    page.goto(base + address(language, other, course))
    assert page.locator("[data-testid=offline-updated]").count() == 0


def test_a_check_in_code_typed_without_signal_is_recorded_when_the_connection_returns(live_server, page):
    course = make_course(modules=1, lessons=1)
    cohort = make_cohort(course=course, start_in=timedelta(minutes=-5), meeting_length=timedelta(hours=2))
    participation = registered(cohort, 1, preferred_language="km")[0]
    learner = participation.person
    enrol(learner=learner, course=course)
    meeting = cohort.meetings.get()
    base = site(live_server)
    save(page, base, learner, course, "km")

    page.context.set_offline(True)
    page.goto(base + "/km/cohorts/check-in/")
    page.fill("input[name=code]", meeting.checkin_code)
    page.click("form.checkin-form button[type=submit]")
    page.wait_for_selector("[data-testid=queued]")
    page.wait_for_selector("#offline-status[data-waiting-count='1']")
    assert "លេខកូដចុះវត្តមាន" in page.inner_text("[data-testid=outbox-list]")
    assert not AttendanceRecord.objects.filter(meeting=meeting).exists()

    page.context.set_offline(False)
    page.wait_for_selector("#offline-status[data-waiting-count='0']", state="attached")
    record = AttendanceRecord.objects.get(meeting=meeting, participation=participation)
    assert record.status == AttendanceRecord.Status.PRESENT

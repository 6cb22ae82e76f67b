"""The calendar page and its feed: the right entries, valid iCalendar, a secret address that resets."""

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from assessments.models import Quiz
from cohorts.services import assign
from courses.services import enrol
from planning import feeds
from planning.models import Assignment
from planning.selectors import today
from planning.services import assign_training, feed_of

from ..cohorts.factories import make_cohort
from ..factories import make_course, make_staff
from .helpers import planner, profiles

pytestmark = pytest.mark.django_db


def _plan_for(learner, *, webinars=1):
    """A meeting of the learner's cohort, an open webinar, a quiz closing, a due date; all this week or next."""
    cohort = make_cohort(tier="provincial", country="KH", start_in=timedelta(days=2), meetings=2)
    cohort.title_km = "ក្រុម, ១; \\ ថ្មី"
    cohort.save()
    assign(cohort=cohort, people=[learner], assigned_by=None)
    for _ in range(webinars):
        make_cohort(tier="webinar", country="KH", start_in=timedelta(days=3))
    make_cohort(tier="webinar", country="LA", start_in=timedelta(days=3))  # another country's: not offered
    course = make_course(modules=1, lessons=1)
    enrol(learner=learner, course=course)
    Quiz.objects.create(
        title="Check", title_km="តេស្ត", title_lo="ແບບທົດສອບ", course=course, closes_at=timezone.now() + timedelta(days=4)
    )
    hr = planner(country="KH")
    assign_training(
        planner=hr, profiles=profiles(learner), due_date=today() + timedelta(days=5), course=make_course(modules=1)
    )
    return cohort


def test_the_list_shows_each_kind_of_entry_with_links(logged_in, learner):
    cohort = _plan_for(learner)
    response = logged_in.get(reverse("planning:calendar"), {"view": "list"})
    assert response.status_code == 200
    entries = [entry for _day, day_entries in response.context["days"] for entry in day_entries]
    assert sorted({entry.kind for entry in entries}) == ["due", "meeting", "quiz", "webinar"]
    assert len([e for e in entries if e.kind == "webinar"]) == 1  # the Lao webinar is not offered in Cambodia
    page = response.content.decode()
    assert reverse("cohorts:detail", args=[cohort.public_id]) in page
    assert "Asia/Phnom_Penh" not in page and "Asia/Vientiane" not in page
    assert "UTC+7" in page


def test_the_week_view_lists_seven_days_and_moves_by_weeks(logged_in, learner):
    response = logged_in.get(reverse("planning:calendar"), {"week": "2026-12-09"})
    days = [day for day, _entries in response.context["days"]]
    assert len(days) == 7 and days[0].isoformat() == "2026-12-07" and days[0].weekday() == 0
    assert response.context["next_week"] == "2026-12-14"
    assert logged_in.get(reverse("planning:calendar"), {"week": "not-a-date"}).status_code == 200


def test_the_calendar_page_runs_a_fixed_number_of_queries(logged_in, learner):
    _plan_for(learner)
    url = reverse("planning:calendar") + "?view=list"
    logged_in.get(url)
    with CaptureQueriesContext(connection) as small:
        logged_in.get(url)
    _plan_for(learner, webinars=6)
    logged_in.get(url)  # warm again: the assignment's notification changed the unread count
    with CaptureQueriesContext(connection) as large:
        logged_in.get(url)
    assert len(small) == len(large) <= 12, (len(small), len(large))


def test_the_feed_is_valid_icalendar_in_the_learners_language(client, learner):
    cohort = _plan_for(learner)
    token = feeds.token_of(feed_of(user=learner))
    response = client.get(reverse("planning_calendar_feed", args=[token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    body = response.content
    assert all(line.endswith(b"\r") for line in body.split(b"\n")[:-1])  # CRLF everywhere
    assert max(len(line.rstrip(b"\r")) for line in body.split(b"\n")) <= 75
    calendar = Calendar.from_ical(body)
    events = calendar.walk("VEVENT")
    assert len({str(e["UID"]) for e in events}) == len(events) == 2 + 1 + 1 + 1  # two meetings, webinar, quiz, due
    summaries = [str(e["SUMMARY"]) for e in events]
    assert any("ក្រុម, ១; \\ ថ្មី" in s for s in summaries)  # Khmer, escaped and read back intact
    assert any("តេស្ត" in s for s in summaries)
    for event in events:
        assert event.get("DTSTAMP") is not None and event.get("DTSTART") is not None
        start = event.decoded("DTSTART")
        if isinstance(start, datetime):
            assert start.utcoffset() == timedelta(0)
    meeting = cohort.meetings.first()
    assert any(e.decoded("DTSTART") == meeting.starts_at.replace(microsecond=0) for e in events)
    due = [e for e in events if str(e["UID"]).startswith("assignment-")]
    assert due[0].decoded("DTSTART") == Assignment.objects.get(learner=learner).due_date
    again = Calendar.from_ical(client.get(reverse("planning_calendar_feed", args=[token])).content)
    assert sorted(str(e["UID"]) for e in again.walk("VEVENT")) == sorted(str(e["UID"]) for e in events)


def test_resetting_the_address_makes_the_old_one_404(logged_in, client, learner):
    old = feeds.token_of(feed_of(user=learner))
    assert logged_in.get(reverse("planning:calendar")).status_code == 200
    response = logged_in.post(reverse("planning:reset_feed"))
    assert response.status_code == 302
    new = feeds.token_of(feed_of(user=learner))
    assert new != old
    assert client.get(reverse("planning_calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("planning_calendar_feed", args=[new])).status_code == 200
    assert logged_in.get(reverse("planning:reset_feed")).status_code == 405


@pytest.mark.parametrize("token", ["x", "0" * 64, "g" * 64])
def test_a_made_up_token_opens_nothing(client, learner, token):
    feed_of(user=learner)
    assert client.get(reverse("planning_calendar_feed", args=[token])).status_code == 404


def test_a_forged_mac_for_a_real_id_is_refused(client, learner):
    feed = feed_of(user=learner)
    forged = feed.public_id.hex + "0" * 32
    assert client.get(reverse("planning_calendar_feed", args=[forged])).status_code == 404


def test_assigned_training_is_on_my_learning_with_its_due_date(logged_in, learner):
    hr = planner(country="KH")
    course = make_course(modules=1, lessons=1)
    due = today() + timedelta(days=3)
    assign_training(planner=hr, profiles=profiles(learner), due_date=due, course=course)
    page = logged_in.get(reverse("courses:my_learning")).content.decode()
    section = page.split('data-testid="assigned-training"', 1)[1]
    assert course.title_km in section
    from django.utils import formats, translation

    with translation.override("km"):
        assert formats.date_format(due, "DATE_FORMAT") in section
    assert "badge-progress" in section  # due soon


def test_quiz_close_times_follow_the_learners_country(client):
    lao = make_staff(country="LA", preferred_language="lo")
    course = make_course(modules=1, lessons=1)
    enrol(learner=lao, course=course)
    closes = datetime.combine(today() + timedelta(days=1), time(10, 0), tzinfo=timezone.get_default_timezone())
    Quiz.objects.create(title="Q", title_lo="ແບບທົດສອບ", course=course, closes_at=closes)
    client.force_login(lao)
    response = client.get("/lo/calendar/?view=list")
    assert response.status_code == 200, response
    page = response.content.decode()
    assert "10:00" in page and "Asia/Vientiane" not in page

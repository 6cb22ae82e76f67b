"""My learning is kept per person (core.cache.person_cached): a warm page asks the session and
the user, nothing else; every change the page shows is on the very next request.

Each test loads the page (building and keeping it), makes one change through the code path the
product uses (a service, a bulk write, an editor's save, the clock), and loads it again.
"""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import cache as shared
from courses.models import Enrolment
from courses.services import complete_lesson, enrol

from ..factories import lessons_of, make_course, make_staff

pytestmark = pytest.mark.django_db

MAX_LEARNER_PAGE_QUERIES = 12
PAGE = "/en/learning/"


def _page(client):
    response = client.get(PAGE)
    assert response.status_code == 200
    return response.content.decode()


def _progress(html, course_id):
    """The course card's progress line ("…: 50% (1 of 2 steps)") on My learning."""
    match = re.search(rf'<label class="progress-label" for="progress-{course_id}">(.*?)</label>', html, re.S)
    assert match, html
    return match.group(1)


def _queries(client):
    with CaptureQueriesContext(connection) as ctx:
        _page(client)
    return [q["sql"] for q in ctx.captured_queries]


def test_a_warm_page_asks_only_the_session_and_the_user(logged_in, learner):
    for _ in range(3):
        enrol(learner=learner, course=make_course(modules=2, lessons=3))
    _page(logged_in)
    queries = _queries(logged_in)
    assert len(queries) == 2, queries
    assert "django_session" in queries[0] and "people_user" in queries[1]


def test_building_the_page_does_not_grow_with_courses(logged_in, learner):
    """The build after a change (what the learner waits for once) is bounded whatever they take."""
    enrol(learner=learner, course=make_course(modules=1, lessons=2))
    _page(logged_in)
    shared.bump_person(learner.pk)
    small = len(_queries(logged_in))
    for _ in range(6):
        course = make_course(modules=3, lessons=5)
        enrolment = enrol(learner=learner, course=course)
        complete_lesson(enrolment=enrolment, lesson=lessons_of(course)[0])
    _page(logged_in)
    shared.bump_person(learner.pk)
    large = len(_queries(logged_in))
    assert small == large, (small, large)
    assert large <= MAX_LEARNER_PAGE_QUERIES


def test_a_new_enrolment_and_a_completed_lesson_show_at_once(logged_in, learner):
    course = make_course(modules=1, lessons=4)
    assert course.title_en not in _page(logged_in)

    enrolment = enrol(learner=learner, course=course)
    html = _page(logged_in)
    assert course.title_en in html and f'data-testid="progress-{course.pk}">0%' in html

    complete_lesson(enrolment=enrolment, lesson=lessons_of(course)[0])
    assert f'data-testid="progress-{course.pk}">25%' in _page(logged_in)


def test_an_enrolment_removed_and_a_course_renamed_show_at_once(logged_in, learner):
    course = make_course(modules=1, lessons=2)
    complete_lesson(enrolment=enrol(learner=learner, course=course), lesson=lessons_of(course)[0])
    assert course.title_en in _page(logged_in)

    course.title_en = "Listening to jobseekers"
    course.save_revision().publish()
    assert "Listening to jobseekers" in _page(logged_in)

    with CaptureQueriesContext(connection) as ctx:  # the progress goes with it: no query per row to find its person
        Enrolment.objects.filter(learner=learner, course=course).delete()
    assert not [q["sql"] for q in ctx.captured_queries if '"courses_enrolment"."id" = ' in q["sql"]]
    assert "Listening to jobseekers" not in _page(logged_in)


def test_someone_elses_change_does_not_show_and_does_not_rebuild_mine(logged_in, learner):
    course = make_course(modules=1, lessons=2)
    enrol(learner=learner, course=course)
    other, others_course = make_staff(), make_course(modules=1, lessons=1)  # a new page bumps everyone
    _page(logged_in)
    enrolment = enrol(learner=other, course=others_course)
    complete_lesson(enrolment=enrolment, lesson=lessons_of(others_course)[0])
    assert len(_queries(logged_in)) == 2


def test_a_quiz_grade_shows_at_once(logged_in, learner):
    from ..assessments.helpers import make_category, make_question, make_quiz, take

    course = make_course(modules=1, lessons=1)
    enrol(learner=learner, course=course)
    category = make_category(course)
    quiz = make_quiz(course, [make_question(category), make_question(category)], title="Listening check")
    assert 'data-testid="quiz-section"' not in _page(logged_in)

    take(quiz, learner, right=1)
    html = _page(logged_in)
    assert 'data-testid="quiz-section"' in html and "Listening check" in html and "50%" in html


def test_attendance_recorded_in_bulk_and_a_meeting_added_show_at_once(logged_in, learner):
    from cohorts.models import AttendanceRecord, Meeting
    from cohorts.services import assign, record_attendance

    from ..cohorts.factories import make_cohort

    cohort = make_cohort(tier="tot", meetings=2, start_in=-timedelta(days=3))
    (participation,) = assign(cohort=cohort, people=[learner], assigned_by=None)
    course_id = cohort.course_id
    assert f'data-testid="progress-{course_id}">0%' in _page(logged_in)

    first = cohort.meetings.order_by("starts_at").first()
    # The trainer's sheet writes the records with bulk_create, which sends no signal.
    record_attendance(meeting=first, statuses={participation.pk: AttendanceRecord.Status.PRESENT})
    assert f'data-testid="progress-{course_id}">0%' not in _page(logged_in)
    before = _page(logged_in)

    start = timezone.now() - timedelta(hours=5)
    Meeting.objects.create(cohort=cohort, starts_at=start, ends_at=start + timedelta(hours=1))
    assert _page(logged_in) != before  # three meetings now: the share attended changed


def test_the_page_is_built_again_when_the_last_meeting_ends(logged_in, learner):
    """Time alone changes what the attendance requirement says: no write bumps anything then."""
    from cohorts.models import AttendanceRecord
    from cohorts.services import assign, record_attendance

    from ..cohorts.factories import make_cohort

    cohort = make_cohort(
        tier="tot",
        meetings=1,
        start_in=-timedelta(hours=1),
        meeting_length=timedelta(hours=2),
        min_attendance_percent=100,
    )
    (participation,) = assign(cohort=cohort, people=[learner], assigned_by=None)
    record_attendance(meeting=cohort.meetings.get(), statuses={participation.pk: AttendanceRecord.Status.PRESENT})
    during = _progress(_page(logged_in), cohort.course_id)
    assert len(_queries(logged_in)) == 2  # kept while nothing changes

    later = timezone.now() + timedelta(hours=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        after = _progress(_page(logged_in), cohort.course_id)
    # Attended, but not met while the meeting runs; met once it has ended.
    assert "0 of 1" in during and "1 of 1" in after, (during, after)


def test_assigned_training_shows_at_once(logged_in, learner):
    from people.models import Country, Role, StaffProfile
    from people.services import grant_role
    from planning.selectors import today
    from planning.services import assign_training

    hr = make_staff(roles=())
    grant_role(user=hr, role=Role.HR_PLANNER, country=Country.objects.get(code="KH"))
    assert 'data-testid="assigned-training"' not in _page(logged_in)

    course = make_course(modules=1, lessons=1)
    assign_training(
        planner=hr,
        profiles=StaffProfile.objects.filter(user=learner),
        due_date=today() + timedelta(days=3),
        course=course,
    )
    html = _page(logged_in)
    assert 'data-testid="assigned-training"' in html and course.title_en in html


def test_the_survey_offer_goes_when_answered_or_switched_off(client):
    from ..evaluations.helpers import answer, completed_learner, make_survey

    course = make_course(modules=1, lessons=1)
    survey = make_survey(tier="self_paced")
    person = completed_learner(course)
    client.force_login(person)
    assert 'data-testid="survey-offer"' in _page(client)

    survey.is_active = False
    survey.save()  # an editor switches the survey off: everyone's page changes
    assert 'data-testid="survey-offer"' not in _page(client)

    survey.is_active = True
    survey.save()
    assert 'data-testid="survey-offer"' in _page(client)
    answer(survey, course, person)
    assert 'data-testid="survey-offer"' not in _page(client)


def test_the_page_follows_the_language(logged_in, learner):
    course = make_course(modules=1, lessons=1)
    enrol(learner=learner, course=course)
    assert course.title_en in _page(logged_in)
    html = logged_in.get("/km/learning/").content.decode()
    assert course.title_km in html and course.title_en not in html

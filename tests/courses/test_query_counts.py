"""Learner pages run a fixed number of queries, whatever the size of the course (5 or 200 lessons)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.services import complete_lesson, enrol

from ..factories import lessons_of, make_course

pytestmark = pytest.mark.django_db

MAX_LEARNER_PAGE_QUERIES = 12


def _url(page, lang="km"):
    return f"/{lang}{page.url_path[len('/courses') :]}"


def _count(client, url, method="get", data=None):
    getattr(client, method)(url, data)  # warm caches (site root paths, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(url, data)
    assert response.status_code in (200, 302), (url, response.status_code)
    return len(ctx.captured_queries)


def _setup(learner, modules, lessons):
    course = make_course(modules=modules, lessons=lessons)
    enrolment = enrol(learner=learner, course=course)
    for lesson in lessons_of(course)[: lessons_of(course).__len__() // 2]:
        complete_lesson(enrolment=enrolment, lesson=lesson)
    return course


@pytest.mark.parametrize("page", ["lesson", "course", "module"])
def test_course_pages_do_not_grow_with_the_course(logged_in, learner, page):
    counts = []
    for modules, lessons in ((1, 5), (10, 20)):
        course = _setup(learner, modules, lessons)
        target = {"lesson": lessons_of(course)[-1], "course": course, "module": course.get_children().last()}[page]
        counts.append(_count(logged_in, _url(target)))
    assert counts[0] == counts[1], counts
    assert counts[1] <= MAX_LEARNER_PAGE_QUERIES


def test_catalogue_and_my_learning_do_not_grow_with_courses(logged_in, learner):
    _setup(learner, 1, 5)
    small = (_count(logged_in, "/km/"), _count(logged_in, "/km/learning/"))
    for _ in range(3):
        _setup(learner, 10, 20)
    large = (_count(logged_in, "/km/"), _count(logged_in, "/km/learning/"))
    assert small == large, (small, large)
    assert max(large) <= MAX_LEARNER_PAGE_QUERIES


def test_marking_a_lesson_complete_is_bounded(logged_in, learner):
    counts = []
    for modules, lessons in ((1, 5), (10, 20)):
        course = _setup(learner, modules, lessons)
        target = lessons_of(course)[-2]
        logged_in.get(_url(target))  # the learner reads the lesson first (warms the shared cache)
        with CaptureQueriesContext(connection) as ctx:
            response = logged_in.post(_url(target), {"action": "complete"})
        assert response.status_code == 302
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_my_learning_with_assigned_training_does_not_grow(logged_in, learner):
    """Training assigned by HR (planning's section on My learning) is read in one query."""
    from datetime import timedelta

    from people.models import Country, Role, StaffProfile
    from people.services import grant_role
    from planning.selectors import today
    from planning.services import assign_training

    from ..factories import make_staff

    hr = make_staff(roles=())
    grant_role(user=hr, role=Role.HR_PLANNER, country=Country.objects.get(code="KH"))
    me = StaffProfile.objects.filter(user=learner)

    def assign_new_course():
        course = make_course(modules=1, lessons=3)
        assign_training(planner=hr, profiles=me, due_date=today() + timedelta(days=5), course=course)

    assign_new_course()
    small = _count(logged_in, "/km/learning/")
    for _ in range(4):
        assign_new_course()
    large = _count(logged_in, "/km/learning/")
    assert small == large, (small, large)
    assert large <= MAX_LEARNER_PAGE_QUERIES
    assert "assigned-training" in logged_in.get("/km/learning/").content.decode()


@pytest.mark.parametrize("page", ["lesson", "course", "module"])
def test_a_warm_learner_page_asks_the_session_the_user_and_one_learner_query(logged_in, learner, page):
    """Quizzes, roles for the menu, cohorts, the tree and the page come from the shared cache (issue 12)."""
    course = _setup(learner, 2, 4)
    target = {"lesson": lessons_of(course)[-1], "course": course, "module": course.get_children().last()}[page]
    logged_in.get(_url(target))  # warm
    with CaptureQueriesContext(connection) as ctx:
        assert logged_in.get(_url(target)).status_code == 200
    assert len(ctx.captured_queries) == 3, [q["sql"][:120] for q in ctx.captured_queries]


def _with_graded_quiz(learner, course):
    from ..assessments.helpers import make_category, make_question, make_quiz, take

    category = make_category(course)
    quiz = make_quiz(course, [make_question(category), make_question(category)], required_for_completion=True)
    take(quiz, learner, right=1)


@pytest.mark.parametrize("page", ["lesson done", "course", "module", "catalogue"])
def test_a_warm_page_with_grades_and_progress_asks_no_query_for_them(logged_in, learner, page):
    """Progress, next step, quiz grades and catalogue standings are kept per person (core.cache.person_cached)."""
    course = _setup(learner, 2, 4)
    _with_graded_quiz(learner, course)
    url = {
        "lesson done": _url(lessons_of(course)[0]),
        "course": _url(course),
        "module": _url(course.get_children().first()),
        "catalogue": "/km/",
    }[page]
    logged_in.get(url)  # warm
    with CaptureQueriesContext(connection) as ctx:
        html = logged_in.get(url).content.decode()
    expected = 2 if page == "catalogue" else 3  # the session, the user (and the enrolment with its lessons done)
    assert len(ctx.captured_queries) == expected, [q["sql"][:120] for q in ctx.captured_queries]
    shown = {"lesson done": 'class="next-step"', "course": 'data-testid="quiz-section"'}.get(page)
    assert shown is None or shown in html


@pytest.mark.parametrize("page", ["lesson done", "course", "module", "catalogue", "my learning"])
def test_rebuilding_after_a_change_does_not_grow_with_the_course(logged_in, learner, page):
    """What the learner waits for once after each change of theirs is bounded too."""
    from core.cache import bump_person

    counts = []
    for modules, lessons in ((1, 5), (10, 20)):
        course = _setup(learner, modules, lessons)
        _with_graded_quiz(learner, course)
        url = {
            "lesson done": _url(lessons_of(course)[0]),
            "course": _url(course),
            "module": _url(course.get_children().first()),
            "catalogue": "/km/",
            "my learning": "/km/learning/",
        }[page]
        logged_in.get(url)
        bump_person(learner.pk)
        with CaptureQueriesContext(connection) as ctx:
            assert logged_in.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= MAX_LEARNER_PAGE_QUERIES

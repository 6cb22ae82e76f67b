"""The work of a learner page does not grow with the size of the course (9 lessons or 200).

Python function calls are counted with cProfile on a warm request (the outline and the lesson
body come from the shared cache): a count, not a time, so the test does not depend on the
machine's load. The lesson page must stay within a few percent; the course page lists every
lesson, so its rendering is pinned by the number of template nodes rendered, which must not
grow: the outline's HTML is rendered once per course and language, then only filled in.
"""

import cProfile
import pstats

import pytest

from courses.services import complete_lesson, enrol

from ..factories import lessons_of, make_course

pytestmark = pytest.mark.django_db


def _url(page):
    return f"/km{page.url_path[len('/courses') :]}"


def _profile(client, url):
    client.get(url)  # builds what the shared cache keeps
    profile = cProfile.Profile()
    profile.enable()
    response = client.get(url)
    profile.disable()
    assert response.status_code == 200
    return pstats.Stats(profile)


def _total_calls(stats):
    return stats.total_calls  # type: ignore[attr-defined]


def _template_nodes_rendered(stats):
    return sum(
        calls
        for (filename, _line, name), (calls, *_rest) in stats.stats.items()
        if name == "render_annotated" and filename.endswith("template/base.py")
    )


def _course(learner, modules, lessons):
    course = make_course(modules=modules, lessons=lessons)
    enrolment = enrol(learner=learner, course=course)
    all_lessons = lessons_of(course)
    for lesson in all_lessons[: len(all_lessons) // 2]:
        complete_lesson(enrolment=enrolment, lesson=lesson)
    return course, all_lessons


def test_the_lesson_page_does_the_same_work_for_9_and_200_lessons(logged_in, learner):
    small, small_lessons = _course(learner, 3, 3)
    large, large_lessons = _course(learner, 20, 10)
    small_calls = _total_calls(_profile(logged_in, _url(small_lessons[len(small_lessons) // 2])))
    large_calls = _total_calls(_profile(logged_in, _url(large_lessons[len(large_lessons) // 2])))
    assert large_calls <= small_calls * 1.05, (small_calls, large_calls)


@pytest.mark.parametrize(
    "page, sizes",
    [
        ("course", ((3, 3), (20, 10))),
        # A module page lists its own lessons: modules of the same size, in courses of 30 and 200.
        ("module", ((3, 10), (20, 10))),
    ],
)
def test_the_outline_renders_the_same_template_nodes_for_9_and_200_lessons(logged_in, learner, page, sizes):
    counts = []
    for modules, lessons in sizes:
        course, _lessons = _course(learner, modules, lessons)
        target = course if page == "course" else course.get_children().first()
        counts.append(_template_nodes_rendered(_profile(logged_in, _url(target))))
    assert counts[0] == counts[1], counts


def test_the_course_page_calls_grow_by_a_few_calls_per_lesson_at_most(logged_in, learner):
    small, _ = _course(learner, 3, 3)
    large, _ = _course(learner, 20, 10)
    small_calls = _total_calls(_profile(logged_in, _url(small)))
    large_calls = _total_calls(_profile(logged_in, _url(large)))
    # Filling in 191 more ✓ marks and module bars is a regular-expression callback each, plus
    # reading each done lesson's id: a handful of calls per lesson, never a template per lesson.
    assert large_calls - small_calls <= 8 * (200 - 9), (small_calls, large_calls)

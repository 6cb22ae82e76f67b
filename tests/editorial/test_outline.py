"""The learner's course outline marks a lesson not yet translated into the reader's language."""

import pytest

from ..factories import lessons_of, make_course

pytestmark = pytest.mark.django_db


def test_an_untranslated_lesson_is_marked_in_the_course_and_module_outline(logged_in):
    course = make_course(modules=1, lessons=2)
    first, second = lessons_of(course)
    second.title_km = ""
    second.save_revision().publish()
    module = course.get_children().first()

    for page in (course, module):
        html = logged_in.get(f"/km{page.url_path[len('/courses') :]}").content.decode()
        assert html.count("lesson-untranslated") == 1, page
        marked = html.split("lesson-untranslated")[0].rsplit("<li>", 1)[1]
        assert "Lesson 1.2" in marked and first.title_km not in marked
    english = logged_in.get(f"/en{course.url_path[len('/courses') :]}").content.decode()
    assert "lesson-untranslated" not in english

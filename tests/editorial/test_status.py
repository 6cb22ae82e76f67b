"""A course's languages are computed from its live content, and the report lists exactly what is missing."""

import pytest

from courses.models import CoursePage, ModulePage
from editorial.status import languages_from_content, missing_fields

from ..factories import lessons_of, make_course

pytestmark = pytest.mark.django_db


def _publish(page, **values):
    page = page.specific
    for name, value in values.items():
        setattr(page, name, value)
    page.save_revision().publish()


def _languages(course):
    return CoursePage.objects.get(pk=course.pk).languages


def test_removing_the_lao_title_of_a_lesson_takes_lao_off_the_course_and_adding_it_brings_it_back():
    course = make_course(modules=1, lessons=2, languages=())  # the typed value is not trusted
    lesson = lessons_of(course)[1]
    _publish(lesson, title_lo="")
    assert _languages(course) == ["km", "en"]

    _publish(lesson, title_lo="ບົດຮຽນໃໝ່")
    assert _languages(course) == ["km", "lo", "en"]


def test_a_lesson_body_missing_in_khmer_takes_khmer_off_and_unpublishing_that_lesson_brings_it_back():
    course = make_course(modules=1, lessons=2)
    lesson = lessons_of(course)[0]
    _publish(lesson, body_km=[])
    assert _languages(course) == ["lo", "en"]

    lesson.specific.unpublish()  # only live pages count
    assert _languages(course) == ["km", "lo", "en"]


def test_a_field_without_english_is_not_counted_as_missing():
    course = make_course(modules=1, lessons=1)
    module = ModulePage.objects.child_of(course).get()
    assert module.intro_en in ("", None)
    assert languages_from_content(course) == ["km", "lo", "en"]


def test_the_report_lists_exactly_the_missing_fields():
    course = make_course(modules=1, lessons=2)
    module = ModulePage.objects.child_of(course).get()
    first, second = lessons_of(course)
    _publish(module, intro_en="Why it matters", intro_km="ហេតុអ្វីវាសំខាន់", intro_lo="")
    _publish(first, body_km=[])
    _publish(second, title_lo="", title_km="")
    _publish(course, learning_outcomes_en="<p>Match jobs</p>", learning_outcomes_km="<p>ផ្គូផ្គង</p>")

    found = {(m.obj.pk, m.field, m.language) for m in missing_fields(course)}

    assert found == {
        (module.pk, "intro", "lo"),
        (first.pk, "body", "km"),
        (second.pk, "title", "km"),
        (second.pk, "title", "lo"),
        (course.pk, "learning_outcomes", "lo"),
    }


def test_the_demo_loader_s_typed_languages_are_replaced_by_the_computed_ones():
    from editorial.receivers import demo_languages

    course = make_course(modules=1, lessons=1, languages=("km", "en"))  # Lao is there, but not typed
    demo_languages(sender=None)  # what the demo loader's demo_data_loaded signal calls
    assert _languages(course) == ["km", "lo", "en"]


def test_a_quiz_title_missing_in_lao_is_reported_with_a_link_to_its_editor():
    from assessments.models import Quiz

    course = make_course(modules=1, lessons=1)
    quiz = Quiz.objects.create(course=course, title="Check", title_en="Check", title_km="តេស្ត")
    found = [m for m in missing_fields(course) if m.obj == quiz]
    assert [(m.field, m.language) for m in found] == [("title", "lo")]
    assert found[0].edit_url == f"/admin/snippets/assessments/quiz/edit/{quiz.pk}/"

"""The admin choosers of banks, categories and questions: they search, and show where each item belongs.

Three courses each have a bank named "Core questions" and the same stem can sit in two banks; the
choosers must tell them apart (course, bank, category columns) and find a question by any word of
its stem in any language. The quiz form's module and lesson choosers open inside the chosen course.
"""

import pytest
from django.urls import reverse

from assessments.models import Category, QuestionBank
from tests.factories import make_course, make_staff

from .helpers import make_question, make_quiz


@pytest.fixture
def editor(client, db):
    client.force_login(make_staff(username="editor", roles=["content_editor"]))
    return client


def chooser(model, view="choose_results"):
    return reverse(f"wagtailsnippetchoosers_assessments_{model}:{view}")


def core_bank(course):
    bank = QuestionBank.objects.create(course=course, name="Core questions", name_en="Core questions")
    return Category.objects.create(bank=bank, name="Basics", name_en="Basics")


def test_the_bank_chooser_names_each_core_bank_with_its_course(editor):
    courses = [make_course(modules=1, lessons=1) for _ in range(3)]
    for course in courses:
        core_bank(course)
    html = editor.get(chooser("questionbank")).content.decode()
    labels = {f"Core questions — {course.title}" for course in courses}
    assert all(label in html for label in labels), html
    assert len(labels) == 3
    html = editor.get(chooser("questionbank"), {"q": courses[1].title}).content.decode()
    assert f"Core questions — {courses[1].title}" in html
    assert f"Core questions — {courses[0].title}<" not in html


def test_the_question_chooser_searches_stems_and_shows_bank_category_and_course(editor):
    first, second = make_course(modules=1, lessons=1), make_course(modules=1, lessons=1)
    one, two = core_bank(first), core_bank(second)
    make_question(one, stem="How many vacancies are open?")
    make_question(two, stem="How many vacancies are open?")
    make_question(one, stem="Who registers job seekers?")
    html = editor.get(chooser("question"), {"q": "vacancies"}).content.decode()
    assert html.count("How many vacancies are open?") == 2
    assert "Who registers job seekers?" not in html
    for course in (first, second):
        assert course.title in html
    assert "Core questions" in html and "Basics" in html
    assert "Single choice" in html
    # Khmer is written without spaces between words: a word inside a longer run is found.
    html = editor.get(chooser("question"), {"q": "សំណួរ"}).content.decode()
    assert html.count("<tr") >= 3


def test_the_question_chooser_modal_has_a_search_box_and_columns(editor):
    course = make_course(modules=1, lessons=1)
    make_question(core_bank(course), stem="Which document?")
    response = editor.get(chooser("question", "choose"))
    html = response.json()["html"]
    assert 'name="q"' in html
    for heading in ("question bank", "question category", "Course"):
        assert heading in html.replace("Question bank", "question bank").replace(
            "Question category", "question category"
        )


def test_the_question_chooser_reads_in_a_fixed_number_of_queries(editor, django_assert_max_num_queries):
    course = make_course(modules=1, lessons=1)
    category = core_bank(course)
    for number in range(15):
        make_question(category, stem=f"Stem {number}")
    with django_assert_max_num_queries(12):
        assert editor.get(chooser("question")).status_code == 200


def test_the_quiz_form_loads_the_script_that_opens_choosers_inside_the_course(editor):
    course = make_course(modules=1, lessons=1)
    quiz = make_quiz(course, [make_question(core_bank(course))])
    html = editor.get(f"/admin/snippets/assessments/quiz/edit/{quiz.pk}/").content.decode()
    assert "assessments/admin/quiz_form.js" in html
    assert 'id="id_module-chooser"' in html and 'id="id_course"' in html
    # The quiz's questions are chosen with the question chooser that shows bank, category and course.
    assert chooser("question", "choose") in html


def test_a_module_of_another_course_is_still_refused(editor):
    course, other = make_course(modules=1, lessons=1), make_course(modules=1, lessons=1)
    quiz = make_quiz(course)
    module = other.get_children().first()
    data = {
        "title_en": "Quiz",
        "title_km": "",
        "title_lo": "",
        "intro_en": "",
        "intro_km": "",
        "intro_lo": "",
        "course": course.pk,
        "module": module.pk,
        "lesson": "",
        "role": "",
        "live": "on",
        "pass_mark": 70,
        "attempts_allowed": 0,
        "time_limit_minutes": "",
        "feedback_timing": "after_submission",
        "grade_policy": "highest",
        "closes_at": "",
        "items-TOTAL_FORMS": 0,
        "items-INITIAL_FORMS": 0,
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 1000,
        "draws-TOTAL_FORMS": 0,
        "draws-INITIAL_FORMS": 0,
        "draws-MIN_NUM_FORMS": 0,
        "draws-MAX_NUM_FORMS": 1000,
    }
    response = editor.post(f"/admin/snippets/assessments/quiz/edit/{quiz.pk}/", data)
    assert response.status_code == 200
    assert (
        "of this quiz&#x27;s course" in response.content.decode()
        or "of this quiz's course" in response.content.decode()
    )
    quiz.refresh_from_db()
    assert quiz.module_id is None


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # steady state: caches that a page save empties (the course tree's) are warm again
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url", ["/admin/snippets/assessments/question/", "/admin/snippets/assessments/category/"])
def test_listings_with_course_names_do_not_read_one_course_per_row(editor, url):
    """A bank's name carries its course: listings and the category filter read them together."""
    course = make_course(modules=1, lessons=1)
    make_question(core_bank(course))
    few = _queries(editor, url)
    for _ in range(6):
        other = make_course(modules=1, lessons=1)
        make_question(core_bank(other))
    assert _queries(editor, url) == few

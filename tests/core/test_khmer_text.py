"""Khmer content is stored with one subscript TA: on save (every translated model, StreamField
JSON included), by `manage.py normalize_khmer` and the data migration for rows saved before, and
short answers compare in that spelling."""

import io

import pytest
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader

from assessments.grading import score, snapshot
from assessments.models import Category, Option, Question, QuestionBank, Quiz
from core.text import COENG_DA, COENG_TA, normalise_all_khmer_rows
from courses.models import LessonPage
from people.models import Office, Province
from tests.factories import lessons_of, make_course

pytestmark = pytest.mark.django_db

WITH_DA = "ផ" + COENG_DA + "ល់"  # "provide", typed with the look-alike subscript DA
WITH_TA = "ផ" + COENG_TA + "ល់"


def _question(**fields):
    bank = QuestionBank.objects.create(name="Bank")
    category = Category.objects.create(bank=bank, name="Basics")
    return Question.objects.create(category=category, stem="Provide?", **fields)


def test_saving_translated_snippets_stores_khmer_with_subscript_ta_and_leaves_other_languages_alone():
    question = _question(stem_km=f"{WITH_DA}?", stem_lo="ສະໜອງ?", general_feedback_km=WITH_DA)
    option = Option.objects.create(question=question, text="Provide", text_km=WITH_DA, match_km=f"{WITH_DA} ២")
    quiz = Quiz.objects.create(course=make_course(modules=1, lessons=1), title="Quiz", title_km=f"តេស្ត {WITH_DA}")
    office = Office.objects.create(province=Province.objects.first(), code="X1", name="Office", name_km=WITH_DA)
    for obj in (question, option, quiz, office):
        obj.refresh_from_db()
    assert question.stem_km == f"{WITH_TA}?" and question.general_feedback_km == WITH_TA
    assert question.stem_lo == "ສະໜອງ?"
    assert option.text_km == WITH_TA and option.match_km == f"{WITH_TA} ២"
    assert quiz.title_km == f"តេស្ត {WITH_TA}"
    assert office.name_km == WITH_TA


def test_publishing_a_lesson_stores_its_khmer_title_and_streamfield_with_subscript_ta_keeping_block_ids():
    lesson = lessons_of(make_course(modules=1, lessons=1))[0]
    block_id = lesson.body_km[0].id
    lesson.title_km = f"មេរៀន {WITH_DA}"
    lesson.body_km = [{"type": "paragraph", "value": f"<p>{WITH_DA}</p>", "id": block_id}]
    lesson.save_revision().publish()
    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert lesson.title_km == f"មេរៀន {WITH_TA}"
    assert lesson.body_km[0].id == block_id
    assert lesson.body_km[0].value.source == f"<p>{WITH_TA}</p>"


def _write_with_da():
    """Rows as they were saved before normalising on save: queryset updates send no signal."""
    question = _question(stem_km=WITH_TA)
    Question.objects.filter(pk=question.pk).update(stem_km=f"{WITH_DA}?")
    lesson = lessons_of(make_course(modules=1, lessons=1))[0]
    raw = [{"type": "paragraph", "value": f"<p>{WITH_DA}</p>", "id": lesson.body_km[0].id}]
    LessonPage.objects.filter(pk=lesson.pk).update(body_km=raw)
    assert Question.objects.get(pk=question.pk).stem_km == f"{WITH_DA}?"
    return question, lesson


def test_the_command_normalises_rows_saved_before_streamfield_json_included_and_a_second_run_changes_nothing():
    question, lesson = _write_with_da()
    out = io.StringIO()
    call_command("normalize_khmer", stdout=out)
    assert "assessments.Question: 1 rows" in out.getvalue()
    assert Question.objects.get(pk=question.pk).stem_km == f"{WITH_TA}?"
    assert LessonPage.objects.get(pk=lesson.pk).body_km[0].value.source == f"<p>{WITH_TA}</p>"
    assert sum(normalise_all_khmer_rows().values()) == 0


def test_the_data_migration_normalises_through_the_historical_models():
    question, lesson = _write_with_da()
    state = MigrationLoader(None, ignore_no_migrations=True).project_state(
        ("elearning", "0001_journeys_normalize_khmer"), at_end=True
    )
    results = normalise_all_khmer_rows(state.apps)
    assert results["assessments.Question"] == 1 and results["courses.LessonPage"] == 1
    assert Question.objects.get(pk=question.pk).stem_km == f"{WITH_TA}?"
    assert LessonPage.objects.get(pk=lesson.pk).body_km[0].value.source == f"<p>{WITH_TA}</p>"


def test_a_short_answer_typed_with_subscript_da_matches_the_accepted_answer_with_subscript_ta():
    question = _question(kind="short_text", accepted_answers_en="provide", accepted_answers_km=WITH_TA)
    data = snapshot(question)
    assert score(data, {"text": f" {WITH_DA} "}) == 1
    assert score(data, {"text": "ផ្តាច់"}) == 0

"""Question text is rich text: imported HTML sanitised, images shown as images, old plain texts converted."""

import importlib
import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.template import Context, Template
from django.test import RequestFactory
from wagtail.images import get_image_model

from assessments import grading
from assessments.interop.importing import import_file
from assessments.models import QUESTION_TEXT_FEATURES, Attempt, Question
from core.richtext import legacy_text_to_html, sanitise, to_plain_text
from courses.services import enrol

from ..helpers import make_category, make_question, make_quiz

RENDITION_IMG = re.compile(r'<img[^>]*alt="Map of the centre"[^>]*>')


def _render(value):
    return Template("{% load wagtailcore_tags %}{{ value|richtext }}").render(Context({"value": value}))


def test_sanitise_keeps_the_features_and_drops_everything_else():
    value = sanitise(
        '<h2 style="color:red">Title</h2><p onclick="x()">A <strong>bold</strong> <em>word</em> &amp; &lt;tag&gt;'
        '<script>alert(1)</script><a href="javascript:alert(2)">bad</a> <a href="https://ilo.org/">good</a></p>'
        "<ol><li>one</li></ol><table><tr><td>cell</td><td>two</td></tr></table><iframe src='https://x'></iframe>",
        QUESTION_TEXT_FEATURES,
    )
    assert value == (
        "<p>Title</p><p>A <b>bold</b> <i>word</i> &amp; &lt;tag&gt;bad "
        '<a href="https://ilo.org/">good</a></p><ol><li>one</li></ol><p>cell two</p>'
    )
    assert sanitise(value, QUESTION_TEXT_FEATURES) == value  # stable: a re-import changes nothing


def test_plain_text_becomes_escaped_paragraphs():
    assert sanitise("a < b & c\nnext\n\n<not a tag", QUESTION_TEXT_FEATURES) == (
        "<p>a &lt; b &amp; c<br/>next</p><p>&lt;not a tag</p>"
    )
    assert to_plain_text("<p>a &lt; b<br/>next</p><ul><li>x</li></ul>") == "a < b\nnext\nx"


@pytest.mark.django_db
def test_the_migration_turns_plain_stems_into_escaped_paragraphs_and_old_embeds_into_images():
    category = make_category()
    question = make_question(category, stem="placeholder")
    legacy = '1 < 2 & <script>alert(1)</script>\nsecond line\n<embed embedtype="image" id="7" format="fullwidth" alt="Map &amp; plan"/>'
    Question.objects.filter(pk=question.pk).update(stem_en=legacy, stem_km="", general_feedback_en="Well done\n\nBye")
    migration = importlib.import_module("assessments.migrations.0004_interop_rich_question_text")
    state = MigrationExecutor(connection).loader.project_state(("assessments", "0004_interop_rich_question_text"))
    apps = state.apps
    migration.forwards(apps, None)
    question.refresh_from_db()
    assert question.stem_en == (
        "<p>1 &lt; 2 &amp; &lt;script&gt;alert(1)&lt;/script&gt;<br/>second line</p>"
        '<embed embedtype="image" id="7" format="fullwidth" alt="Map &amp; plan"/>'
    )
    assert question.stem_km == ""
    assert question.general_feedback_en == "<p>Well done</p><p>Bye</p>"
    migration.backwards(apps, None)
    question.refresh_from_db()
    assert question.stem_en.startswith("1 < 2 & <script>alert(1)</script>\nsecond line\n<embed embedtype=")


def test_a_version_frozen_before_rich_text_still_renders_as_its_plain_text():
    data = {"stem": {"en": "Is 1 < 2?\nYes & no"}, "feedback": {"en": "<b>not bold</b>"}}
    assert grading.rich_text(data, "stem") == "<p>Is 1 &lt; 2?<br/>Yes &amp; no</p>"
    assert "&lt;b&gt;not bold&lt;/b&gt;" in _render(grading.rich_text(data, "feedback"))
    assert legacy_text_to_html("") == ""
    data["text_format"] = "html"
    assert grading.rich_text(data, "feedback") == "<b>not bold</b>"


@pytest.mark.django_db
def test_a_moodle_image_shows_to_learners_as_an_image_with_its_alt_text(read, course, learner, client):
    category = make_category(course)
    import_file(bank=category.bank, data=read("all_types.xml"))
    question = Question.objects.get(stem_en__startswith="<p>What is the <b>first</b> step")
    quiz = make_quiz(course, [question], feedback_timing="after_submission")
    enrol(learner=learner, course=course)
    client.force_login(learner)
    assert client.post(f"/en/quizzes/{quiz.uuid}/").status_code == 302
    attempt = Attempt.objects.get(quiz=quiz)
    image = get_image_model().objects.get()
    for lang in ("en", "km"):
        html = client.get(f"/{lang}/quizzes/attempts/{attempt.uuid}/").content.decode()
        assert "<embed" not in html and "alert(1)" not in html
        img = RENDITION_IMG.search(html)
        assert img, html
        rendition = image.renditions.get()
        assert rendition.url in img.group(0) and "/images/" in rendition.url
    assert "<b>first</b>" in html or "<b>ដំបូង" in html or "តើជំហានដំបូងគឺអ្វី?" in html
    client.post(f"/en/quizzes/attempts/{attempt.uuid}/submit/")
    html = client.get(f"/en/quizzes/attempts/{attempt.uuid}/result/").content.decode()
    assert 'data-testid="review-1"' in html and "<embed" not in html
    assert RENDITION_IMG.search(html) and "<b>first</b>" in html
    assert "Registration comes first." in html


@pytest.mark.django_db
def test_the_admin_preview_and_the_listing_show_rich_text(read, course):
    from django.contrib.auth.models import AnonymousUser

    category = make_category(course)
    import_file(bank=category.bank, data=read("all_types.xml"))
    question = Question.objects.get(stem_en__startswith="<p>What is the <b>first</b> step")
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    html = question.serve_preview(request, "en").content.decode()
    assert "<b>first</b>" in html and RENDITION_IMG.search(html) and "<embed" not in html
    assert str(question) == "What is the first step when a job seeker visits the centre?"
    assert question.stem_text() == "What is the first step when a job seeker visits the centre?"

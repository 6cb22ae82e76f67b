"""The question form in the Wagtail admin: per-kind editing, validation of the answer key, and the preview.

Every case goes through the snippet views as the content editor does (client.post to add/edit), so
what is proved is what an editor meets: a broken question is refused with its message, nothing saved.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from assessments.models import Option, Question, option_problems
from tests.factories import make_staff

from .helpers import make_category, make_question

ADD = "/admin/snippets/assessments/question/add/"


def edit_url(question):
    return f"/admin/snippets/assessments/question/edit/{question.pk}/"


@pytest.fixture
def editor(client, db):
    client.force_login(make_staff(username="editor", roles=["content_editor"]))
    return client


@pytest.fixture
def category(course):
    return make_category(course)


def draftail(text):
    """The JSON Draftail posts for one paragraph of plain text."""
    import json

    block = {"key": "k1", "type": "unstyled", "depth": 0, "text": text, "inlineStyleRanges": [], "entityRanges": []}
    return json.dumps({"blocks": [block], "entityMap": {}})


def post_data(category, kind, *, options=(), initial=(), **fields):
    """Form data of the question form; `options` is [(text, correct, match)] in order."""
    data = {
        "category": category.pk,
        "kind": kind,
        # Rich text fields post what Draftail sends: the editor's content state as JSON ("null" when empty).
        "stem_en": draftail("How many?"),
        "stem_km": draftail("ប៉ុន្មាន?"),
        "stem_lo": draftail("ຈັກອັນ?"),
        "points": 1,
        "tolerance": "0",
        "numeric_answer": "",
        "accepted_answers_en": "",
        "accepted_answers_km": "",
        "accepted_answers_lo": "",
        "general_feedback_en": "null",
        "general_feedback_km": "null",
        "general_feedback_lo": "null",
        "options-TOTAL_FORMS": len(options),
        "options-INITIAL_FORMS": len(initial),
        "options-MIN_NUM_FORMS": 0,
        "options-MAX_NUM_FORMS": 1000,
    }
    for index, (text, correct, match) in enumerate(options):
        prefix = f"options-{index}-"
        data.update(
            {
                f"{prefix}id": initial[index] if index < len(initial) else "",
                f"{prefix}ORDER": index + 1,
                f"{prefix}DELETE": "",
                f"{prefix}text_en": text,
                f"{prefix}text_km": "",
                f"{prefix}text_lo": "",
                f"{prefix}match_en": match,
                f"{prefix}match_km": "",
                f"{prefix}match_lo": "",
                f"{prefix}feedback_en": "",
                f"{prefix}feedback_km": "",
                f"{prefix}feedback_lo": "",
            }
        )
        if correct:
            data[f"{prefix}is_correct"] = "on"
    data.update(fields)
    return data


def refused(response, message):
    html = response.content.decode()
    assert response.status_code == 200, response.status_code
    assert message in html, re.findall(r'class="error-message">\s*<(?:span|p)>([^<]*)', html)
    return html


BROKEN = [
    ("single", [], "A single-choice question needs at least two options."),
    ("single", [("A", True, ""), ("B", True, "")], "Mark exactly one option as correct."),
    ("single", [("A", True, "")], "A single-choice question needs at least two options."),
    ("multiple", [("A", False, ""), ("B", False, "")], "Mark at least one option as correct."),
    ("multiple", [("A", True, "")], "A multiple-response question needs at least two options."),
    ("true_false", [], "A true or false question needs exactly two options: True and False."),
    ("true_false", [("True", False, ""), ("False", False, "")], "Mark exactly one option as correct."),
    ("true_false", [("True", True, ""), ("False", False, ""), ("Maybe", False, "")], "exactly two options"),
    ("ordering", [("First", False, "")], "Give at least two items to put in order."),
    ("matching", [("cat", False, "meow")], "A matching question needs at least two pairs."),
    ("matching", [("cat", False, "meow"), ("dog", False, "")], "Give this item its matching answer."),
    ("matching", [("cat", False, "meow"), ("kitten", False, "Meow ")], "Give each item a different matching answer."),
]


@pytest.mark.parametrize(("kind", "options", "message"), BROKEN)
def test_a_question_with_a_broken_option_key_is_refused_and_nothing_saved(editor, category, kind, options, message):
    refused(editor.post(ADD, post_data(category, kind, options=options)), message)
    assert not Question.objects.exists() and not Option.objects.exists()


def test_a_number_question_needs_its_number_and_a_tolerance_not_below_zero(editor, category):
    html = refused(editor.post(ADD, post_data(category, "numeric")), "Give the number that answers this question.")
    assert 'id="panel-child-answer_key_number' in html or "numeric_answer" in html
    refused(
        editor.post(ADD, post_data(category, "numeric", numeric_answer="90", tolerance="-1")),
        "The tolerance cannot be negative.",
    )
    assert not Question.objects.exists()


def test_a_short_text_question_needs_an_accepted_answer_in_english(editor, category):
    data = post_data(category, "short_text", accepted_answers_km="អត្តសញ្ញាណប័ណ្ណ")
    refused(editor.post(ADD, data), "Give at least one accepted answer in English.")
    data["accepted_answers_en"] = "   \n  "
    refused(editor.post(ADD, data), "Give at least one accepted answer in English.")
    assert not Question.objects.exists()


def test_an_option_without_english_text_is_refused(editor, category):
    data = post_data(category, "single", options=[("A", True, ""), ("", False, "")])
    data["options-1-text_km"] = "ខ"
    assert editor.post(ADD, data).status_code == 200
    assert not Question.objects.exists()


VALID = [
    ("single", [("Register", True, ""), ("Send away", False, "")], {}),
    ("multiple", [("Surveys", True, ""), ("Vacancies", True, ""), ("Rumours", False, "")], {}),
    ("true_false", [("True", False, ""), ("False", True, "")], {}),
    ("numeric", [], {"numeric_answer": "90", "tolerance": "0.5"}),
    ("short_text", [], {"accepted_answers_en": "ID card\nidentity card"}),
    ("ordering", [("Register", False, ""), ("Assess", False, ""), ("Match", False, "")], {}),
    ("matching", [("cat", False, "meow"), ("dog", False, "woof")], {}),
]


@pytest.mark.parametrize(("kind", "options", "fields"), VALID)
def test_a_complete_question_of_each_kind_is_saved(editor, category, kind, options, fields):
    response = editor.post(ADD, post_data(category, kind, options=options, **fields))
    assert response.status_code == 302, response.content.decode()[:2000]
    question = Question.objects.get()
    assert question.kind == kind and question.stem_km == '<p data-block-key="k1">ប៉ុន្មាន?</p>'
    saved = list(question.options.order_by("position"))
    assert [o.text_en for o in saved] == [text for text, _c, _m in options]
    if kind == "matching":
        assert [o.match_en for o in saved] == ["meow", "woof"]


def test_an_ordering_question_keeps_the_order_the_editor_gives(editor, category):
    data = post_data(category, "ordering", options=[("first", False, ""), ("second", False, ""), ("third", False, "")])
    data.update({"options-0-ORDER": 3, "options-1-ORDER": 1, "options-2-ORDER": 2})
    assert editor.post(ADD, data).status_code == 302
    assert list(Question.objects.get().options.order_by("position").values_list("text_en", flat=True)) == [
        "second",
        "third",
        "first",
    ]


def test_what_the_kind_does_not_use_is_cleared(editor, category):
    """A key typed for another kind (a tolerance, a match, accepted answers) is not kept."""
    data = post_data(
        category,
        "single",
        options=[("A", True, "leftover"), ("B", False, "")],
        numeric_answer="12",
        tolerance="3",
        accepted_answers_en="stale",
    )
    assert editor.post(ADD, data).status_code == 302
    question = Question.objects.get()
    assert question.numeric_answer is None and question.tolerance == 0 and question.accepted_answers_en == ""
    assert set(question.options.values_list("match_en", flat=True)) <= {"", None}


def test_a_question_changed_to_a_number_question_loses_its_options(editor, category):
    question = make_question(category, "single")
    ids = list(question.options.order_by("position").values_list("pk", flat=True))
    data = post_data(
        category,
        "numeric",
        options=[("Right", True, ""), ("Wrong A", False, ""), ("Wrong B", False, "")],
        initial=ids,
        numeric_answer="7",
    )
    assert editor.post(edit_url(question), data).status_code == 302
    question.refresh_from_db()
    assert question.kind == "numeric" and question.numeric_answer == 7 and not question.options.exists()


def test_editing_cannot_break_a_saved_question(editor, category):
    question = make_question(category, "single")
    ids = list(question.options.order_by("position").values_list("pk", flat=True))
    options = [("Right", False, ""), ("Wrong A", False, ""), ("Wrong B", False, "")]
    refused(
        editor.post(edit_url(question), post_data(category, "single", options=options, initial=ids)),
        "Mark exactly one option as correct.",
    )
    assert question.options.filter(is_correct=True).count() == 1


def _panel_hidden(html, kinds):
    match = re.search(rf'<section[^>]*data-question-kinds="{kinds}"[^>]*>', html)
    assert match, kinds
    return " hidden" in match.group(0)


def test_the_form_shows_only_the_fields_of_the_question_kind(editor, category):
    numeric = make_question(category, "numeric", numeric_answer=90)
    html = editor.get(edit_url(numeric)).content.decode()
    assert not _panel_hidden(html, "numeric")
    assert _panel_hidden(html, "short_text")
    assert _panel_hidden(html, "single multiple true_false ordering matching")
    assert "assessments/admin/question_form.js" in html

    single = make_question(category, "single")
    html = editor.get(edit_url(single)).content.decode()
    assert _panel_hidden(html, "numeric") and _panel_hidden(html, "short_text")
    assert not _panel_hidden(html, "single multiple true_false ordering matching")
    # Inside each option: the correct box is shown, the matching answer hidden.
    correct = re.search(
        r'<div class="w-panel__wrapper[^"]*"[^>]*data-question-kinds="single multiple true_false"[^>]*>', html
    )
    match = re.search(r'<div class="w-panel__wrapper[^"]*"[^>]*data-question-kinds="matching"[^>]*>', html)
    assert correct and " hidden" not in correct.group(0)
    assert match and " hidden" in match.group(0)


def test_a_refused_form_shows_the_fields_of_the_kind_posted(editor, category):
    html = refused(editor.post(ADD, post_data(category, "short_text")), "accepted answer in English")
    assert not _panel_hidden(html, "short_text") and _panel_hidden(html, "numeric")


@pytest.mark.parametrize(
    ("lang", "stem", "option"),
    [("en", "How many?", "Register"), ("km", "ប៉ុន្មាន?", "ចុះឈ្មោះ"), ("lo", "ຈັກອັນ?", "ລົງທະບຽນ")],
)
def test_the_preview_shows_the_question_as_a_learner_sees_it_in_each_language(editor, category, lang, stem, option):
    question = make_question(category, "single")
    ids = list(question.options.order_by("position").values_list("pk", flat=True))
    data = post_data(category, "single", options=[("Register", True, ""), ("Send away", False, "")], initial=ids[:2])
    data.update({"options-0-text_km": "ចុះឈ្មោះ", "options-0-text_lo": "ລົງທະບຽນ"})
    data.update({"options-TOTAL_FORMS": 3, "options-INITIAL_FORMS": 3})
    data.update({"options-2-id": ids[2], "options-2-DELETE": "1", "options-2-ORDER": 3})
    data.update({"options-2-text_en": "Wrong B"})
    url = reverse("wagtailsnippets_assessments_question:preview_on_edit", args=[question.pk])
    assert editor.post(url, data).json()["is_valid"] is True
    response = editor.get(url, {"mode": lang})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in html
    assert stem in html and option in html
    assert 'type="radio"' in html and 'data-testid="answer-key"' in html
    assert "Wrong B" not in html, re.findall(
        r".{200}Wrong B.{100}", html, re.S
    )  # the option being deleted is not previewed
    # Nothing in the preview changed the question itself.
    question.refresh_from_db()
    assert "How many?" not in question.stem_en


def test_the_preview_modes_are_the_site_languages(category):
    question = make_question(category, "matching", options=[("cat", True, "meow"), ("dog", True, "woof")])
    assert [mode for mode, _label in question.preview_modes] == ["km", "lo", "en"]
    response = question.make_preview_request(preview_mode="en")
    html = response.content.decode()
    assert "meow" in html and "cat – meow" in html  # the answers to pick from, then the key


@pytest.mark.parametrize(("lang", "script"), [("km", "[\u1780-\u17ff]"), ("lo", "[\u0e80-\u0eff]")])
def test_the_messages_of_a_broken_question_are_translated(lang, script):
    with translation.override(lang):
        messages = [
            str(m)
            for kind in ("single", "multiple", "true_false", "ordering", "matching")
            for m in option_problems(kind, [])
        ]
        messages += [str(m) for m in option_problems("matching", [{"is_correct": False, "match": "a"}] * 2)]
        with pytest.raises(ValidationError) as refused_key:
            Question(kind="numeric", tolerance=-1).clean()
        messages += [str(m) for values in refused_key.value.message_dict.values() for m in values]
    assert len(messages) >= 9
    assert all(re.search(script, message) for message in messages), messages

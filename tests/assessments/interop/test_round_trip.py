"""Export then import gives back the same questions, grades and feedback in all three languages."""

import base64
import io
from decimal import Decimal

import pytest
from django.core.files.images import ImageFile
from PIL import Image
from wagtail.images import get_image_model

from assessments.grading import snapshot
from assessments.interop.exporting import export_bank, export_quiz
from assessments.interop.importing import import_file
from assessments.interop.records import true_false_options
from assessments.models import Category, Option, Question, QuestionBank

from ..helpers import make_quiz


def _tr(name, en, km, lo):
    return {name: en, f"{name}_en": en, f"{name}_km": km, f"{name}_lo": lo}


def _question(category, kind, n, *, options=(), **fields):
    question = Question.objects.create(
        category=category,
        kind=kind,
        **_tr(
            "stem",
            f"<p>Question {n}: a &lt; b &amp; <b>“quotes”</b> {{braces}} ~ = # :<br/>second line</p>"
            '<ul><li>one <i>item</i></li><li><a href="https://example.org/?a=1&amp;b=2">a link</a></li></ul>',
            f"<p>សំណួរ {n}</p>",
            f"<p>ຄຳຖາມ {n}</p>",
        ),
        **_tr("general_feedback", f"<p>Feedback {n}</p>", f"<p>មតិ {n}</p>", f"<p>ຄຳຕິຊົມ {n}</p>"),
        **fields,
    )
    for position, (texts, correct, match, feedback) in enumerate(options, start=1):
        Option.objects.create(
            question=question,
            position=position,
            is_correct=correct,
            **_tr("text", *texts),
            **(_tr("match", *match) if match else {}),
            **(_tr("feedback", *feedback) if feedback else {}),
        )
    return question


def _bank_with_every_kind(*, with_ordering=True, image=None):
    bank = QuestionBank.objects.create(name="Source", name_en="Source")
    category = Category.objects.create(bank=bank, **_tr("name", "Job search", "ការស្វែងរកការងារ", "ການຊອກວຽກ"))
    choice = [
        (("Register", "ចុះឈ្មោះ", "ລົງທະບຽນ"), True, None, ("Yes", "បាទ", "ແມ່ນ")),
        (("Send away", "បញ្ជូនចេញ", "ສົ່ງອອກ"), False, None, ("No", "ទេ", "ບໍ່")),
        (("Wait", "រង់ចាំ", "ລໍຖ້າ"), False, None, None),
    ]
    stem_image = ""
    if image is not None:
        stem_image = f'<embed embedtype="image" format="fullwidth" id="{image.pk}" alt="Map &amp; plan"/>'
    single = _question(category, "single", 1, options=choice, points=3)
    if stem_image:
        for lang in ("en", "km", "lo"):
            setattr(single, f"stem_{lang}", getattr(single, f"stem_{lang}") + stem_image)
        single.save()
    _question(
        category, "multiple", 2, options=[*choice[:1], (("Fairs", "ពិព័រណ៍", "ງານວາງສະແດງ"), True, None, None), choice[1]]
    )
    tf = _question(category, "true_false", 3)
    for position, option in enumerate(true_false_options(False, {True: {"en": "No", "km": "ទេ", "lo": "ບໍ່"}}), 1):
        Option.objects.create(
            question=tf,
            position=position,
            is_correct=option.correct,
            **_tr("text", option.text["en"], option.text["km"], option.text["lo"]),
            **_tr("feedback", *(option.feedback.get(lang, "") for lang in ("en", "km", "lo"))),
        )
    _question(category, "numeric", 4, numeric_answer=Decimal("2.5"), tolerance=Decimal("0.25"))
    _question(category, "short_text", 5, **_tr("accepted_answers", "registration\nregister", "ការចុះឈ្មោះ", "ການລົງທະບຽນ"))
    pairs = [
        (("No experience", "គ្មានបទពិសោធន៍", "ບໍ່ມີປະສົບການ"), True, ("Apprenticeship", "កូនជាង", "ຝຶກງານ"), None),
        (("New skill", "ជំនាញថ្មី", "ທັກສະໃໝ່"), True, ("Training", "បណ្តុះបណ្តាល", "ຝຶກອົບຮົມ"), None),
    ]
    _question(category, "matching", 6, options=pairs)
    if with_ordering:
        steps = [((f"Step {i}", f"ជំហាន {i}", f"ຂັ້ນຕອນ {i}"), True, None, None) for i in range(1, 4)]
        _question(category, "ordering", 7, options=steps)
    return bank


def _comparable(bank, *, points=True):
    """Each question of the bank as the learner sees and is graded on it, option ids left out."""
    out = []
    questions = Question.objects.filter(category__bank=bank).prefetch_related("options").select_related("category")
    for question in questions:
        data = snapshot(question)
        for option in data["options"]:
            option.pop("id")
        if not points:
            data.pop("points")
        data["category"] = (question.category.name_en, question.category.name_km, question.category.name_lo)
        out.append(data)
    return sorted(out, key=lambda data: data["stem"]["en"])


@pytest.mark.django_db
def test_moodle_xml_round_trip_keeps_questions_grades_and_feedback_in_three_languages():
    source = _bank_with_every_kind()
    content, name, _type, left_out = export_bank(source, "xml")
    assert name == "source.xml" and left_out == 0
    target = QuestionBank.objects.create(name="Target", name_en="Target")
    parsed, result = import_file(bank=target, data=content)
    assert parsed.errors == [] and parsed.skipped == []
    assert result.created == 7
    assert _comparable(target) == _comparable(source)


@pytest.mark.django_db
def test_gift_round_trip_keeps_what_gift_can_hold():
    source = _bank_with_every_kind(with_ordering=False)
    content, name, _type, left_out = export_bank(source, "gift")
    assert name == "source.gift.txt"
    target = QuestionBank.objects.create(name="Target", name_en="Target")
    parsed, result = import_file(bank=target, data=content)
    assert parsed.format == "gift" and parsed.errors == []
    assert _comparable(target, points=False) == _comparable(source, points=False)


@pytest.mark.django_db
def test_gift_export_counts_the_ordering_questions_it_leaves_out():
    source = _bank_with_every_kind()
    _content, _name, _type, left_out = export_bank(source, "gift")
    assert left_out == 1


@pytest.mark.django_db
def test_reimporting_an_export_into_its_own_bank_updates_in_place():
    content, *_rest = export_bank(_bank_with_every_kind(), "xml")
    target = QuestionBank.objects.create(name="Target", name_en="Target")
    import_file(bank=target, data=content)  # each question keeps the file's idnumber as its source_key
    before = _comparable(target)
    content, *_rest = export_bank(target, "xml")
    _parsed, result = import_file(bank=target, data=content)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 7)
    assert _comparable(target) == before
    assert Question.objects.filter(category__bank=target).count() == 7


@pytest.mark.django_db
def test_images_travel_with_the_xml_export():
    buffer = io.BytesIO()
    Image.new("RGB", (5, 2), (10, 200, 10)).save(buffer, "PNG")
    image = get_image_model().objects.create(title="Map", file=ImageFile(io.BytesIO(buffer.getvalue()), name="map.png"))
    source = _bank_with_every_kind(image=image)
    content, *_rest = export_bank(source, "xml")
    assert base64.b64encode(buffer.getvalue()) in content
    get_image_model().objects.all().delete()
    target = QuestionBank.objects.create(name="Target", name_en="Target")
    import_file(bank=target, data=content)
    imported = get_image_model().objects.get()
    question = Question.objects.get(category__bank=target, kind="single")
    assert question.stem_km == (
        f'<p>សំណួរ 1</p><embed embedtype="image" format="fullwidth" id="{imported.pk}" alt="Map &amp; plan"/>'
    )
    with imported.open_file() as handle:
        assert handle.read() == buffer.getvalue()


@pytest.mark.django_db
def test_a_quiz_exports_its_own_questions(course):
    source = _bank_with_every_kind()
    chosen = list(Question.objects.filter(category__bank=source, kind__in=["single", "numeric"]))
    quiz = make_quiz(course, chosen)
    content, name, *_rest = export_quiz(quiz, "xml")
    assert content.count(b'<question type="multichoice">') == 1
    assert content.count(b'<question type="numerical">') == 1
    assert content.count(b"<question type=") == 3  # and one category

"""Moodle XML import: every supported type, categories, images, feedback, multilang, bounds, errors."""

from decimal import Decimal

import pytest
from django.utils import translation
from wagtail.images import get_image_model

from assessments.grading import fraction, snapshot
from assessments.interop.importing import import_file, import_parsed, read_file
from assessments.interop.records import Budget
from assessments.models import Category, Question
from core.errors import InvalidInput


def test_reads_every_supported_type_and_names_what_it_skips(read):
    parsed = read_file(read("all_types.xml"))
    assert parsed.format == "xml"
    assert parsed.counts() == {
        "single": 1,
        "multiple": 2,
        "true_false": 1,
        "short_text": 1,
        "numeric": 1,
        "matching": 1,
        "ordering": 1,
    }
    assert parsed.errors == []
    skipped = {(s.name, s.source_type) for s in parsed.skipped}
    assert skipped == {
        ("About this section", "description"),
        ("Describe an interview", "essay"),
        ("Benefit calculation", "calculated"),
        ("Cloze about CVs", "multianswer"),
        ("Drag words", "ddwtos"),
        ("Drag onto map", "ddimageortext"),
    }
    description = next(s for s in parsed.skipped if s.source_type == "description")
    assert "skipped" in str(description.reason)
    assert "question 9" in str(description.position)


def _by_name(parsed):
    return {item.name: item for item in parsed.items}


def test_fractions_map_to_the_platform_grading_and_warn_what_they_cannot(read):
    items = _by_name(read_file(read("all_types.xml")))
    single = items["First step"]
    assert [o.correct for o in single.options] == [True, False, False]
    assert any("50%" in str(w) for w in single.warnings)
    sources = items["Sources of labour market information"]
    assert [o.correct for o in sources.options] == [True, True, False]
    assert any("-100%" in str(w) and "-50%" in str(w) for w in sources.warnings)
    uneven = items["Uneven weights"]
    assert len(uneven.warnings) == 3
    short = items["Name of the first step"]
    assert short.accepted == ["registration", "ការចុះឈ្មោះ"]
    assert any("case" in str(w) for w in short.warnings)
    assert any("register" in str(w) for w in short.warnings)
    numeric = items["Interview minutes"]
    assert (numeric.number, numeric.tolerance) == (Decimal(30), Decimal(5))
    assert len(numeric.warnings) == 2
    matching = items["Services and offices"]
    assert [(o.text["en"], o.match["en"]) for o in matching.options] == [
        ("Job matching", "Employment office"),
        ("Skills training", "Training centre"),
    ]
    ordering = items["Steps of a referral"]
    assert [o.text["en"] for o in ordering.options] == [
        "Register the job seeker",
        "Contact the employer",
        "Follow up after the interview",
    ]


def test_multilang_html_and_feedback(read):
    item = _by_name(read_file(read("all_types.xml")))["First step"]
    # Formatting kept, the image a marker until it is stored, attributes and the script gone.
    assert item.stem["en"] == (
        "<p>What is the <b>first</b> step when a job seeker visits the centre?</p>"
        "<p>[[image:centre map.png|Map of the centre]]</p>"
    )
    assert item.stem["km"].startswith("<p>តើជំហានដំបូងគឺអ្វី?</p>")
    assert item.general_feedback == {"en": "<p>Registration comes first.</p>", "km": "<p>ការចុះឈ្មោះមកមុន។</p>"}
    assert item.options[0].text == {"en": "Register them", "km": "ចុះឈ្មោះពួកគេ"}
    assert item.options[0].feedback == {"en": "Right & well done."}
    assert item.options[2].feedback == {"en": "No.", "km": "ទេ។"}
    assert item.points == 2


@pytest.mark.django_db
def test_import_writes_categories_questions_images_and_grades(read, bank):
    parsed, result = import_file(bank=bank, data=read("all_types.xml"))
    assert (result.created, result.updated, result.images) == (8, 0, 1)
    names = set(Category.objects.filter(bank=bank).values_list("name_en", "name_km"))
    assert names == {
        ("Default for ILO PES/Job search", "Default for ILO PES/ការស្វែងរកការងារ"),
        ("Default for ILO PES/Interviews", ""),
    }
    question = Question.objects.get(category__bank=bank, stem_en__startswith="<p>What is the <b>first</b> step")
    image = get_image_model().objects.get()
    assert (image.width, image.height) == (4, 3)
    assert question.stem_en == (
        "<p>What is the <b>first</b> step when a job seeker visits the centre?</p>"
        f'<embed embedtype="image" format="fullwidth" id="{image.pk}" alt="Map of the centre"/>'
    )
    assert question.points == 2
    assert question.general_feedback_km == "<p>ការចុះឈ្មោះមកមុន។</p>"
    short = Question.objects.get(category__bank=bank, kind="short_text")
    assert (short.accepted_answers_en, short.accepted_answers_km) == ("registration", "ការចុះឈ្មោះ")
    data = snapshot(Question.objects.prefetch_related("options").get(pk=short.pk))
    assert fraction(data, {"text": "Registration"}) == 1
    assert fraction(data, {"text": "ការចុះឈ្មោះ"}) == 1
    true_false = Question.objects.get(category__bank=bank, kind="true_false")
    options = list(true_false.options.order_by("position"))
    assert [(o.text_en, o.is_correct, o.feedback_en) for o in options] == [
        ("True", True, "Yes, every service."),
        ("False", False, "They can."),
    ]
    with translation.override("km"):
        assert options[0].text_km == str(translation.gettext("True")) != "True"
    numeric = Question.objects.get(category__bank=bank, kind="numeric")
    assert (numeric.numeric_answer, numeric.tolerance) == (Decimal(30), Decimal(5))


@pytest.mark.django_db
def test_reimporting_the_same_file_updates_instead_of_duplicating(read, bank):
    import_file(bank=bank, data=read("all_types.xml"))
    first = set(Question.objects.values_list("pk", flat=True))
    _parsed, result = import_file(bank=bank, data=read("all_types.xml"))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 8)
    assert set(Question.objects.values_list("pk", flat=True)) == first
    assert get_image_model().objects.count() == 1
    assert Category.objects.filter(bank=bank).count() == 2


@pytest.mark.django_db
def test_reimporting_a_corrected_file_updates_the_questions_in_place(read, bank):
    import_file(bank=bank, data=read("all_types.xml"))
    pk = Question.objects.get(kind="numeric").pk
    corrected = read("all_types.xml").replace(b"<text>30</text>", b"<text>35</text>")
    _parsed, result = import_file(bank=bank, data=corrected)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 7)
    assert Question.objects.get(pk=pk).numeric_answer == 35


BROKEN = {
    "not xml": b"<?xml version='1.0'?><quiz><question type='truefalse'>",
    "wrong root": b"<?xml version='1.0'?><html><body>hello</body></html>",
    "entities": (
        b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b"<quiz><question type='truefalse'><name><text>&b;</text></name></question></quiz>"
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("content", BROKEN.values(), ids=BROKEN.keys())
def test_malformed_files_are_refused_with_a_translated_message(content, bank):
    with translation.override("km"):
        with pytest.raises(InvalidInput) as raised:
            import_file(bank=bank, data=content)
        message = str(raised.value.message)
    assert any("\u1780" <= char <= "\u17ff" for char in message)
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_one_bad_question_imports_nothing_and_says_where(bank):
    content = b"""<?xml version="1.0"?><quiz>
    <question type="truefalse"><name><text>Fine</text></name>
      <questiontext format="html"><text>Fine?</text></questiontext>
      <answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>
    </question>
    <question type="numerical"><name><text>Broken number</text></name>
      <questiontext format="html"><text>How many?</text></questiontext>
      <answer fraction="100"><text>twelve</text></answer>
    </question></quiz>"""
    parsed = read_file(content)
    assert [(str(e.position), str(e.message)) for e in parsed.errors] == [
        ("question 2 (Broken number)", "“twelve” is not a number.")
    ]
    with pytest.raises(InvalidInput):
        import_parsed(bank=bank, parsed=parsed)
    assert not Question.objects.exists()


def test_damaged_or_foreign_images_are_left_out_with_a_warning():
    content = b"""<?xml version="1.0"?><quiz>
    <question type="truefalse"><name><text>Pictures</text></name>
      <questiontext format="html"><text><![CDATA[<p>Look <img src="@@PLUGINFILE@@/a.png"> and
        <img src="https://tracker.example/pixel.gif"></p>]]></text>
        <file name="a.png" path="/" encoding="base64">bm90IGFuIGltYWdl</file></questiontext>
      <answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>
    </question></quiz>"""
    item = read_file(content).items[0]
    assert item.images == {}
    warnings = " ".join(str(w) for w in item.warnings)
    assert "a.png" in warnings and "tracker.example" in warnings
    assert "tracker" not in item.stem["en"]


def test_the_question_count_is_bounded(read):
    from assessments.interop import moodle_xml

    with pytest.raises(InvalidInput):
        moodle_xml.parse(read("all_types.xml"), budget=Budget(max_questions=3))


def test_a_single_language_file_fills_the_language_chosen(read):
    content = b"""<?xml version="1.0"?><quiz><question type="truefalse"><name><text>Lao</text></name>
      <questiontext format="html"><text>\xe0\xba\x96\xe0\xba\xb7\xe0\xba\x81\xe0\xba\x9a\xe0\xbb\x8d?</text></questiontext>
      <answer fraction="0"><text>true</text></answer><answer fraction="100"><text>false</text></answer>
    </question></quiz>"""
    item = read_file(content, language="lo").items[0]
    assert set(item.stem) == {"lo"}
    assert [o.correct for o in item.options] == [False, True]

"""GIFT import: escapes, titles, true/false, weights, short answers, numbers and ranges, matching,
comments, blank lines, Windows line endings, a byte order mark; errors by line."""

from decimal import Decimal

import pytest
from django.utils import translation

from assessments.interop.importing import detect_format, import_file, read_file
from assessments.models import Question
from core.errors import InvalidInput


@pytest.fixture
def items(read):
    parsed = read_file(read("job_search.gift.txt"))
    assert parsed.format == "gift" and parsed.errors == []
    return {item.name: item for item in parsed.items}


def test_file_with_bom_and_crlf_is_gift(read):
    data = read("job_search.gift.txt")
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    assert detect_format(data) == "gift"


def test_escaped_characters_and_titles(items):
    item = items["Centre hours"]
    assert item.stem["en"] == "<p>The job centre opens at 8:00 and the sign says {open}. Which symbol is a tilde?</p>"
    assert [(o.text["en"], o.correct) for o in item.options] == [
        ("~ (tilde)", True),
        ("= (equals)", False),
        ("# (hash)", False),
    ]
    assert item.options[0].feedback == {"en": "Right, ~ is a tilde."}
    assert item.category == "Job search"
    assert item.position == "line 5"


def test_true_false_with_feedback_for_wrong_and_right(items):
    item = items["Registration first"]
    assert [(o.correct, o.feedback.get("en")) for o in item.options] == [
        (True, "Yes, register first."),
        (False, "Think again."),
    ]
    untitled = items["Job seekers must pay for the service."]
    assert [o.correct for o in untitled.options] == [False, True]


def test_weights_make_a_multiple_response_question(items):
    item = items["Documents"]
    assert item.kind == "multiple"
    assert [o.correct for o in item.options] == [True, True, False]
    assert item.general_feedback == {"en": "<p>Bring the ID card and the CV.</p>"}


def test_short_answers_keep_full_credit_answers_only(items):
    item = items["Office word"]
    assert item.accepted == ["Employment office", "employment centre"]
    assert len(item.warnings) == 1


def test_numbers_tolerances_ranges_and_several_answers(items):
    assert (items["Interview minutes"].number, items["Interview minutes"].tolerance) == (30, 5)
    assert (items["Week days"].number, items["Week days"].tolerance) == (5, 1)
    several = items["Several numbers"]
    assert (several.number, several.tolerance) == (Decimal("3.14"), Decimal("0.005"))
    assert len(several.warnings) == 1


def test_matching_and_missing_word(items):
    pairs = items["Pairs"]
    assert [(o.text["en"], o.match["en"]) for o in pairs.options] == [
        ("Job matching", "Employment office"),
        ("Skills training", "Training centre"),
    ]
    assert items["Missing word"].stem["en"] == "<p>The officer _____ the job seeker first.</p>"


def test_multilang_fills_three_languages(items):
    assert items["Multilang"].stem == {
        "en": "<p>Is this in three languages?</p>",
        "km": "<p>តើនេះជាបីភាសាមែនទេ?</p>",
        "lo": "<p>ນີ້ແມ່ນສາມພາສາບໍ?</p>",
    }


def test_essay_and_description_are_skipped_with_their_line(read):
    parsed = read_file(read("job_search.gift.txt"))
    assert [(s.position, s.source_type) for s in parsed.skipped] == [("line 43", "essay"), ("line 45", "description")]


def test_comments_are_not_questions(read):
    parsed = read_file(read("job_search.gift.txt"))
    assert not any("comment" in text.lower() for item in parsed.items for text in item.stem.values())
    assert len(parsed.items) == 11


BROKEN = [
    (b"::Open::Which one?{=a ~b\n\n::Next::Fine?{T}\n", "line 1", "closed"),
    (b"// header\n\n::Odd::Which?{a b c}\n", "line 3", "="),
    (b"::Number::How many?{#twelve}\n", "line 1", "twelve"),
    (b"::Pairs::Match{=a -> b =c}\n", "line 1", "->"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("content", "line", "words"), BROKEN)
def test_malformed_gift_says_which_line_and_imports_nothing(content, line, words, bank):
    parsed = read_file(content)
    assert [str(e.position) for e in parsed.errors] == [line]
    assert words in str(parsed.errors[0].message)
    with translation.override("lo"):
        with pytest.raises(InvalidInput) as raised:
            import_file(bank=bank, data=content)
        message = str(raised.value.message)
    assert any("\u0e80" <= char <= "\u0eff" for char in message)
    assert not Question.objects.exists()


def test_a_file_that_is_no_question_format_is_refused():
    with translation.override("km"):
        with pytest.raises(InvalidInput) as raised:
            read_file(b"Dear colleagues,\nplease find the minutes attached.\n")
        message = str(raised.value.message)
    assert any("\u1780" <= char <= "\u17ff" for char in message)


def test_text_that_is_not_utf8_is_refused():
    with pytest.raises(InvalidInput):
        read_file("::T::Quel café?{T}".encode("latin-1"))

"""Scoring rules and the short-text comparison (NFC, case, zero-width and surrounding spaces)."""

import unicodedata
from decimal import Decimal

import pytest
from django.http import QueryDict

from assessments import grading
from core.errors import InvalidInput

KHMER = "អត្តសញ្ញាណប័ណ្ណ"
LAO = "ຢູ່ບ້ານ"  # vowel sign U+0EB9 before tone mark U+0EC8, as NFC orders them
LAO_TONE_FIRST = "\u0ea2\u0ec8\u0eb9\u0e9a\u0ec9\u0eb2\u0e99"  # the same word typed tone mark first (not NFC)


def _data(kind, **extra):
    data = {"kind": kind, "points": 2, "options": [], "accepted": [], "number": None, "tolerance": "0"}
    data.update(extra)
    return data


@pytest.mark.parametrize(
    "typed",
    [
        KHMER,
        f"  {KHMER}\u200b ",
        "\u200b" + KHMER[:5] + "\u200b" + KHMER[5:] + "\ufeff",
        unicodedata.normalize("NFD", KHMER),
        KHMER[:3] + "\u200c" + KHMER[3:] + "\u200d",
    ],
)
def test_khmer_short_answer_matches_with_or_without_zero_width_spaces(typed):
    data = _data("short_text", accepted=[KHMER])
    assert grading.score(data, {"text": typed}) == Decimal(2)


@pytest.mark.parametrize("typed", [LAO, LAO_TONE_FIRST, f"\u200b{LAO_TONE_FIRST} ", unicodedata.normalize("NFD", LAO)])
def test_lao_short_answer_matches_in_nfc_or_not(typed):
    assert LAO_TONE_FIRST != LAO and unicodedata.normalize("NFC", LAO_TONE_FIRST) == LAO
    data = _data("short_text", accepted=[LAO_TONE_FIRST])  # even an editor's un-normalised key matches
    assert grading.score(data, {"text": typed}) == Decimal(2)


def test_nfd_latin_and_case_match_and_other_words_do_not():
    data = _data("short_text", accepted=["Café du Marché"])
    assert grading.fraction(data, {"text": unicodedata.normalize("NFD", "CAFÉ  du marché")}) == 1
    assert grading.fraction(data, {"text": "Cafe du Marche"}) == 0
    assert grading.fraction(data, {"text": KHMER}) == 0


def _options(*correct):
    return [
        {"id": i, "text": {"en": str(i)}, "match": {}, "feedback": {}, "correct": c} for i, c in enumerate(correct, 1)
    ]


def test_multiple_response_gives_partial_credit_and_penalises_wrong_choices():
    data = _data("multiple", options=_options(True, True, False, False))
    assert grading.fraction(data, {"choices": [1, 2]}) == 1
    assert grading.fraction(data, {"choices": [1]}) == Decimal("0.5")
    assert grading.fraction(data, {"choices": [1, 3]}) == 0
    assert grading.fraction(data, {"choices": [3, 4]}) == 0  # never below zero


def test_numeric_tolerance_and_ordering_and_matching():
    data = _data("numeric", number="90", tolerance="0.5")
    assert grading.fraction(data, {"value": "90.5"}) == 1
    assert grading.fraction(data, {"value": "90.6"}) == 0
    ordering = _data("ordering", options=_options(True, True, True, True))
    assert grading.fraction(ordering, {"order": [1, 2, 3, 4]}) == 1
    assert grading.fraction(ordering, {"order": [2, 1, 3, 4]}) == Decimal("0.5")
    matching = _data("matching", options=_options(True, True))
    assert grading.fraction(matching, {"pairs": {"1": 1, "2": 2}}) == 1
    assert grading.fraction(matching, {"pairs": {"1": 2, "2": 1}}) == 0
    assert grading.fraction(data, None) == 0


@pytest.mark.parametrize(
    "kind,post",
    [
        ("single", "choice=99"),
        ("single", "choice=1&choice=2"),
        ("single", "choice=abc"),
        ("single", "choice=%D9%A3"),  # an Arabic-Indic digit is not an option id
        ("multiple", ""),
        ("multiple", "choice=1&choice=1"),
        ("numeric", "value=NaN"),
        ("numeric", "value=Infinity"),
        ("numeric", "value=twelve"),
        ("short_text", "text=%E2%80%8B%20"),
        ("short_text", "text=" + "a" * 501),
        ("ordering", "rank-1=1&rank-2=1"),
        ("matching", "match-1=1&match-2=7"),
    ],
)
def test_malformed_answers_are_refused_with_a_message(kind, post):
    data = _data(kind, options=_options(True, False), number="1")
    with pytest.raises(InvalidInput) as error:
        grading.parse_response(data, QueryDict(post))
    assert str(error.value.message)


def test_numbers_are_shown_as_people_write_them():
    assert grading.plain_number(Decimal("90.0000")) == "90"
    assert grading.plain_number("9E+1") == "90"
    assert grading.plain_number(Decimal("2.5000")) == "2.5"


@pytest.mark.parametrize("raw", ["1E+1000000", "nan", "inf", "-Infinity", "sNaN", "9" * 10000, "1" * 21, "1e3", ""])
def test_numbers_are_bounded_and_finite(raw):
    from assessments.grading import parse_number

    with pytest.raises(InvalidInput) as error:
        parse_number(raw)
    assert error.value.status == 400


@pytest.mark.parametrize(("raw", "expected"), [("42", "42"), ("៤២", "42"), ("໔໒", "42"), (" -3,5 ", "-3.5")])
def test_numbers_in_any_of_our_scripts(raw, expected):
    from decimal import Decimal

    from assessments.grading import parse_number

    assert parse_number(raw) == Decimal(expected)


def test_a_stored_overflowing_number_scores_nothing_instead_of_failing():
    from decimal import Decimal

    from assessments.grading import score

    data = {"kind": "numeric", "points": 2, "options": [], "number": "42", "tolerance": "0"}
    assert score(data, {"value": "1E+1000000"}) == Decimal("0.000")
    assert score(data, {"value": "42"}) == Decimal("2.000")

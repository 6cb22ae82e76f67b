"""Khmer text normalised to one spelling, for storing and comparing what people type.

Khmer subscript TA (COENG TA, U+17D2 U+178F) and subscript DA (COENG DA, U+17D2 U+178A) are
drawn with the same glyph, so people type either and cannot see the difference; the same word
then fails to match itself (a short-text answer, a search, a name). Unicode Technical Note #61
(Khmer encoding structure) and SIL's khnormal normalise COENG DA to COENG TA, and so does the
platform: catalogues, content and comparisons use COENG TA. Text is also put in NFC first.

The platform's own catalogues are kept in this form (tests/elearning/test_glossary.py). Here in
core so that every app (search among them) may use it; elearning.text re-exports it.
"""

import unicodedata

COENG = "\u17d2"
COENG_DA = COENG + "\u178a"
COENG_TA = COENG + "\u178f"


def normalize_khmer(text):
    """The text in NFC with every subscript DA written as the identical-looking subscript TA."""
    if not text:
        return text
    return unicodedata.normalize("NFC", text).replace(COENG_DA, COENG_TA)


def same_text(first, second):
    """Whether two typed texts are the same once spacing, letter case and Khmer spelling variants are set aside."""

    def key(value):
        return " ".join(normalize_khmer(value or "").split()).casefold()

    return key(first) == key(second)

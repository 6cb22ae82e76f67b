"""Text cut into words, the same way for what is indexed and for what is asked.

Khmer and Lao are written without spaces between words, so a search engine that splits at spaces
sees a whole sentence as one "word". ICU's word break iterator (through icu4py, whose wheels carry
ICU itself, dictionaries included) finds the word boundaries of Khmer and Lao with its
dictionaries, and of Latin text with the Unicode rules: "ខ្ញុំចង់ស្វែងរកការងារ" gives
ខ្ញុំ · ចង់ · ស្វែងរក · ការងារ.

A token is a run of letters, combining marks and decimal digits inside one ICU word (starting with
a letter or digit), lower-cased,
after the Khmer spelling variants are made one (core.text). Only those characters are kept so that
PostgreSQL's text-search parser reads every token as exactly one lexeme, equal to the token:
punctuation, symbols and spaces never reach it, and the SQLite path (which compares the tokens
themselves) finds the same rows.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from icu4py.breakers import WordBreaker

from core.text import normalize_khmer

# One locale for everything: ICU picks the Khmer, Lao and Thai dictionaries by script, not by
# locale, and a query must be cut exactly like the text it looks for, whatever language it is in.
LOCALE = "root"
# PostgreSQL ignores lexemes of 2,047 bytes and more; no real word is near this long.
MAX_TOKEN_LENGTH = 100


@dataclass(frozen=True)
class Token:
    start: int  # offsets in the normalised text
    end: int
    text: str  # lower-cased


def normalize(text: str) -> str:
    """The form in which text is stored and segmented: NFC, one Khmer spelling."""
    return normalize_khmer(text or "") or ""


def _is_word_character(character: str) -> bool:
    category = unicodedata.category(character)
    return category[0] in "LM" or category == "Nd"


def _starts_a_word(character: str) -> bool:
    # A combining mark with nothing before it (a stray COENG) is no word: PostgreSQL drops it too.
    category = unicodedata.category(character)
    return category[0] == "L" or category == "Nd"


def tokens(text: str) -> list[Token]:
    """The words of `text` (already normalised), with their places in it."""
    found = []
    position = 0
    for piece in WordBreaker(text, LOCALE):
        start = None
        for offset, character in enumerate(piece, position):
            if _is_word_character(character):
                if start is None and _starts_a_word(character):
                    start = offset
            elif start is not None:
                found.append(_token(text, start, offset))
                start = None
        position += len(piece)
        if start is not None:
            found.append(_token(text, start, position))
    return [token for token in found if len(token.text) <= MAX_TOKEN_LENGTH]


def _token(text: str, start: int, end: int) -> Token:
    return Token(start, end, text[start:end].lower())


def words(text: str) -> list[str]:
    """The lower-cased words of any text (normalised here), in order."""
    return [token.text for token in tokens(normalize(text))]


def token_string(text: str) -> str:
    """The words of `text` as the index stores them: space-separated, with a space at each end,
    so that a whole word is always found as " word " and never inside another one."""
    found = words(text)
    return f" {' '.join(found)} " if found else ""

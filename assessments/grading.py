"""Answer keys, parsing of what a learner posts, and scoring: pure functions over a version's data.

A QuestionVersion's `data` holds everything needed to show and grade a question, in every
language, so grading never reads the editable Question again:
    {"kind", "points", "stem": {lang: str}, "feedback": {lang: str}, "text_format": "html",
     "options": [{"id", "text": {lang}, "match": {lang}, "feedback": {lang}, "correct"}],
     "accepted": [str], "accepted_by_language": {lang: [str]}, "number": str | None, "tolerance": str}
"""

import hashlib
import json
import re
import unicodedata
from decimal import Decimal, InvalidOperation, localcontext

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.errors import InvalidInput
from core.richtext import legacy_text_to_html
from core.text import normalize_khmer

from .models import QuestionKind

LANGS = [code for code, _name in settings.LANGUAGES]
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff"))
MAX_TEXT = 500
# A number answer is plain digits with an optional sign and fraction: never an exponent, so
# "1E+1000000", "nan" and "inf" are refused and no answer can overflow the arithmetic of grading.
MAX_NUMBER_LENGTH = 40
NUMBER = re.compile(r"[+-]?[0-9]{1,20}(?:\.[0-9]{1,10})?")


def normalise(text):
    """Compare short answers as people read them: NFC, one Khmer subscript TA, no zero-width characters,
    any case, single spaces."""
    text = normalize_khmer(text).translate(ZERO_WIDTH).casefold()
    return " ".join(text.split())


def rich_text(data, key):
    """Stem or general feedback of a version in the current language, as Wagtail rich text (for |richtext)."""
    text = in_language(data.get(key))
    return text if data.get("text_format") == "html" else legacy_text_to_html(text)


def in_language(values, lang=None):
    """The text in the current language, falling back to English."""
    lang = lang or (get_language() or "en")[:2]
    return (values or {}).get(lang) or (values or {}).get("en") or ""


def _per_language(obj, field):
    return {lang: getattr(obj, f"{field}_{lang}", None) or "" for lang in LANGS}


def snapshot(question):
    """The data of a question (with its prefetched options) as a learner would answer it now."""
    accepted, accepted_by_language = set(), {}
    for lang in LANGS:
        lines = [line.strip() for line in (getattr(question, f"accepted_answers_{lang}", None) or "").splitlines()]
        accepted_by_language[lang] = [line for line in lines if normalise(line)]
        accepted.update(accepted_by_language[lang])
    data = {
        "kind": question.kind,
        "points": question.points,
        "stem": _per_language(question, "stem"),
        "feedback": _per_language(question, "general_feedback"),
        # Stem and general feedback are Wagtail rich text; versions frozen before hold plain text.
        "text_format": "html",
        "options": [
            {
                "id": option.pk,
                "text": _per_language(option, "text"),
                "match": _per_language(option, "match"),
                "feedback": _per_language(option, "feedback"),
                "correct": option.is_correct,
            }
            for option in sorted(question.options.all(), key=lambda o: (o.position, o.pk))
        ],
        "accepted": sorted(accepted),
        # Grading accepts every language's answers; a learner is shown those of their own language.
        "accepted_by_language": accepted_by_language,
        "number": None if question.numeric_answer is None else plain_number(question.numeric_answer),
        "tolerance": plain_number(question.tolerance),
    }
    return data


def plain_number(value):
    """A decimal as people write it: 90, 2.5 (never 9E+1 or 2.5000)."""
    return format(Decimal(value).normalize(), "f")


def digest(data):
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _option_ids(data):
    return {option["id"] for option in data["options"]}


def _int(value):
    if not isinstance(value, str) or not value.isascii() or not value.strip().isdigit() or len(value) > 12:
        raise InvalidInput(_("This answer is not one of the choices."))
    return int(value)


def matching_sides(data, option_order):
    """(left ids in the order shown, right-hand answers in their own shuffled order) of a matching question.

    The right-hand answers are posted by their place in that list, never by option id, so the page
    does not give away which answer belongs to which item.
    """
    ids = [option["id"] for option in data["options"]]
    left = [pk for pk in option_order[: len(ids)] if pk in ids] or ids
    right = [pk for pk in option_order[len(ids) :] if pk in ids] or ids
    return left, right


def parse_number(raw):
    """A learner's number (Khmer, Lao or ASCII digits, comma or point) as a bounded, finite Decimal."""
    if not isinstance(raw, str) or len(raw) > MAX_NUMBER_LENGTH:
        raise InvalidInput(_("Type a number of at most 20 digits, like 42 or 3.5."))
    text = "".join(str(unicodedata.decimal(ch)) if unicodedata.decimal(ch, None) is not None else ch for ch in raw)
    text = text.strip().replace(",", ".")
    if not NUMBER.fullmatch(text):
        raise InvalidInput(_("Type a number of at most 20 digits, like 42 or 3.5."))
    return Decimal(text)


def parse_response(data, post, option_order=()):
    """Turn posted form fields into a stored response, or raise AnswerError with a clear message."""
    kind = data["kind"]
    ids = _option_ids(data)
    if kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE):
        values = post.getlist("choice")
        if len(values) != 1:
            raise InvalidInput(_("Choose one answer."))
        choice = _int(values[0])
        if choice not in ids:
            raise InvalidInput(_("This answer is not one of the choices."))
        return {"choice": choice}
    if kind == QuestionKind.MULTIPLE:
        values = post.getlist("choice")
        if not values:
            raise InvalidInput(_("Choose at least one answer."))
        choices = [_int(value) for value in values]
        if len(set(choices)) != len(choices) or not set(choices) <= ids:
            raise InvalidInput(_("This answer is not one of the choices."))
        return {"choices": sorted(choices)}
    if kind == QuestionKind.NUMERIC:
        return {"value": str(parse_number(post.get("value", "")))}
    if kind == QuestionKind.SHORT_TEXT:
        text = post.get("text", "")
        if not isinstance(text, str) or not normalise(text):
            raise InvalidInput(_("Type an answer."))
        if len(text) > MAX_TEXT:
            raise InvalidInput(_("This answer is too long."))
        if "\x00" in text:
            raise InvalidInput(_("This answer contains characters that cannot be saved."))
        return {"text": text.strip()}
    if kind == QuestionKind.ORDERING:
        ranks = {}
        for option_id in ids:
            ranks[option_id] = _int(post.get(f"rank-{option_id}", ""))
        if sorted(ranks.values()) != list(range(1, len(ids) + 1)):
            raise InvalidInput(_("Give each item a different place, from 1 to %(count)s.") % {"count": len(ids)})
        return {"order": sorted(ids, key=ranks.get)}
    if kind == QuestionKind.MATCHING:
        left, right = matching_sides(data, option_order)
        pairs = {}
        for option_id in left:
            place = _int(post.get(f"match-{option_id}", ""))
            if not 1 <= place <= len(right):
                raise InvalidInput(_("This answer is not one of the choices."))
            pairs[str(option_id)] = right[place - 1]
        return {"pairs": pairs}
    raise InvalidInput(_("This question cannot be answered."))


def fraction(data, response):
    """How much of the question a response earns, from 0 to 1."""
    if response is None:
        return Decimal(0)
    kind = data["kind"]
    correct = {option["id"] for option in data["options"] if option["correct"]}
    if kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE):
        return Decimal(1 if response.get("choice") in correct else 0)
    if kind == QuestionKind.MULTIPLE:
        chosen = set(response.get("choices", []))
        if not correct:
            return Decimal(0 if chosen else 1)
        earned = len(chosen & correct) - len(chosen - correct)
        return max(Decimal(0), Decimal(earned) / len(correct))
    if kind == QuestionKind.NUMERIC:
        if data["number"] is None:
            return Decimal(0)
        try:
            with localcontext() as context:
                context.traps[InvalidOperation] = True
                difference = abs(Decimal(response["value"]) - Decimal(data["number"]))
                return Decimal(1 if difference <= Decimal(data["tolerance"]) else 0)
        except (ArithmeticError, ValueError, TypeError):
            # A value stored before numbers were bounded (say 1E+1000000) earns nothing; grading goes on.
            return Decimal(0)
    if kind == QuestionKind.SHORT_TEXT:
        accepted = {normalise(answer) for answer in data["accepted"]}
        return Decimal(1 if normalise(response.get("text", "")) in accepted else 0)
    if kind == QuestionKind.ORDERING:
        expected = [option["id"] for option in data["options"]]
        given = response.get("order", [])
        right = sum(1 for a, b in zip(expected, given, strict=False) if a == b)
        return Decimal(right) / len(expected) if expected else Decimal(0)
    if kind == QuestionKind.MATCHING:
        pairs = response.get("pairs", {})
        right = sum(1 for option in data["options"] if pairs.get(str(option["id"])) == option["id"])
        return Decimal(right) / len(data["options"]) if data["options"] else Decimal(0)
    return Decimal(0)


def score(data, response):
    return (fraction(data, response) * data["points"]).quantize(Decimal("0.001"))

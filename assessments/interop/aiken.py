"""Aiken: single-choice questions as plain text, read only (Moodle exports no Aiken).

    What is the first step?
    A. Register the job seeker
    B) Send them away
    ANSWER: A

A question is its text lines, two or more options lettered `A.` or `A)`, then `ANSWER: X`.
Blank lines are allowed anywhere; errors name the line where they happen.
"""

import re
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from core.richtext import from_plain_text

from . import multilang
from .records import Budget, Choice, Item, Parsed, Problem, apply_choice_fractions, check_size, decode
from .richtext import plain

OPTION = re.compile(r"^([A-Z])[.)]\s+(.*)$")
ANSWER = re.compile(r"^ANSWER:\s*([A-Z])\s*$", re.IGNORECASE)


def _texts(raw, language):
    return {lang: plain(text) for lang, text in multilang.split(raw.strip(), language).items() if plain(text)}


def parse(data, *, language="en", budget=None):
    check_size(data)
    budget = budget or Budget()
    parsed = Parsed(format="aiken")
    stem, options, start, broken = [], [], None, False

    def fail(line, message):
        parsed.errors.append(Problem(position=_("line %(line)s") % {"line": line}, message=message))

    for number, raw in enumerate(decode(data).split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        answer = ANSWER.match(line)
        option = OPTION.match(line)
        if start is None:
            start = number
        if answer:
            budget.tick()
            letter = answer.group(1).upper()
            letters = [letter_ for letter_, _text in options]
            if not broken:
                if not stem:
                    fail(number, _("ANSWER: comes before any question text."))
                elif len(options) < 2:
                    fail(start, _("A question needs at least two options lettered A., B., …"))
                elif letter not in letters:
                    fail(number, _("ANSWER: %(letter)s is not one of the options.") % {"letter": letter})
                else:
                    parsed.items.append(_item(start, stem, options, letter, language))
            stem, options, start, broken = [], [], None, False
        elif option and stem:
            expected = chr(ord("A") + len(options))
            if option.group(1) != expected and not broken:
                fail(
                    number,
                    _("Option %(found)s comes where %(expected)s was expected.")
                    % {"found": option.group(1), "expected": expected},
                )
                broken = True
            options.append((option.group(1), option.group(2)))
        elif options:
            if not broken:
                fail(number, _("This line is neither an option (A. …) nor ANSWER: after the options."))
                broken = True
        else:
            stem.append(line)
    if stem or options:
        fail(start, _("The last question has no ANSWER: line."))
    return parsed


def _item(line, stem, options, letter, language):
    texts = _texts("\n".join(stem), language)
    item = Item(
        kind="single",
        source_type="multichoice",
        name=next(iter(texts.values()), "")[:100],
        position=_("line %(line)s") % {"line": line},
        stem={lang: from_plain_text(text) for lang, text in texts.items()},
    )
    item.options = [Choice(text=_texts(text, language)) for _letter, text in options]
    apply_choice_fractions(item, [Decimal(letter_ == letter) for letter_, _t in options], multiple=False)
    return item

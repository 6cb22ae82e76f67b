"""GIFT: Moodle's plain-text question format, read and written.

Questions are separated by blank lines; `//` lines are comments; `$CATEGORY:` sets the category
of the questions after it; `::title::` names a question; `\\~ \\= \\# \\{ \\} \\:` are literal
characters. Errors name the line on which the question starts.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from core.richtext import to_plain_text

from . import multilang
from .moodle_xml import UNSUPPORTED, category_path, category_text
from .records import (
    Budget,
    Choice,
    Item,
    Parsed,
    Problem,
    Skipped,
    accept_answers,
    apply_choice_fractions,
    check_size,
    decode,
    true_false_options,
)
from .richtext import html_to_rich, html_to_text, plain, rich_to_html, text_to_html

SPECIAL = "~=#{}:"
PROTECT = {char: chr(0xE000 + index) for index, char in enumerate(SPECIAL + "\\")}
RESTORE = {value: key for key, value in PROTECT.items()}
WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)


def _protect(text):
    def swap(match):
        char = match.group(1)
        if char == "n":
            return "\n"
        return PROTECT.get(char, "\\" + char)

    return re.sub(r"\\(.)", swap, text)


def _restore(text):
    return "".join(RESTORE.get(char, char) for char in text)


def blocks(text):
    """(first line number, text) of each question: blank lines separate, `//` comment lines are dropped."""
    current, start = [], None
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip().startswith("//"):
            continue
        if not line.strip():
            if current:
                yield start, "\n".join(current)
            current, start = [], None
            continue
        if start is None:
            start = number
        current.append(line)
    if current:
        yield start, "\n".join(current)


class _Reader:
    def __init__(self, language):
        self.language = language

    def texts(self, raw, item=None, *, rich=False):
        """{lang: text}: rich text (stem, general feedback) or plain text (answers and their feedback)."""
        out = {}
        warnings = item.warnings if item else None
        for lang, value in multilang.split(_restore(raw).strip(), self.language).items():
            text = html_to_rich(value, warnings) if rich else plain(html_to_text(value, warnings))
            if text:
                out[lang] = text
        return out

    def item(self, line, body, category):
        position = _("line %(line)s") % {"line": line}
        title = ""
        match = re.match(r"\s*::(.*?)::", body, re.DOTALL)
        if match:
            title = " ".join(_restore(match.group(1)).split())
            body = body[match.end() :]
        body = FORMAT.sub("", body, count=1)
        opening = body.find("{")
        if opening < 0:
            name = title or " ".join(_restore(body).split())[:100]
            return Skipped(
                position=position,
                name=name,
                source_type="description",
                reason=UNSUPPORTED_DESCRIPTION,
            )
        closing = body.find("}", opening)
        if closing < 0:
            raise ValueError(_("The answers are not closed with }."))
        after = body[closing + 1 :].strip()
        stem_raw = body[:opening].rstrip() + (" _____ " + after if after else "")
        answers = body[opening + 1 : closing].strip()
        general = ""
        if "####" in answers:
            answers, general = answers.split("####", 1)
            answers = answers.strip()
        item = Item(kind="", source_type="", name="", position=position, category=category)
        item.stem = self.texts(stem_raw, item, rich=True)
        if not item.stem:
            raise ValueError(_("The question has no text."))
        item.name = title or to_plain_text(next(iter(item.stem.values()))).split("\n")[0][:100]
        item.general_feedback = self.texts(general, item, rich=True)
        head = answers.split("#", 1)[0].strip().upper()
        if not answers:
            return Skipped(position=position, name=item.name, source_type="essay", reason=ESSAY)
        if answers.startswith("#"):
            self.numeric(item, answers[1:])
        elif head in ("T", "TRUE", "F", "FALSE"):
            self.true_false(item, answers, head.startswith("T"))
        elif "->" in answers:
            self.matching(item, answers)
        elif "~" in answers:
            self.choice(item, answers)
        elif answers.startswith("="):
            item.kind, item.source_type = "short_text", "shortanswer"
            accept_answers(item, [(_restore(text), fraction) for text, fraction, _fb in self.entries(answers)])
        else:
            raise ValueError(_("The answers cannot be read: each must start with = or ~."))
        return item

    def entries(self, answers):
        """(text, fraction 0..1, feedback) of each `=`/`~` answer."""
        out = []
        for part in re.split(r"(?=[=~])", answers):
            part = part.strip()
            if not part:
                continue
            if part[0] not in "=~":
                raise ValueError(_("The answers cannot be read: each must start with = or ~."))
            right, part = part[0] == "=", part[1:].strip()
            fraction = Decimal(1 if right else 0)
            weight = WEIGHT.match(part)
            if weight:
                fraction = Decimal(weight.group(1)) / 100
                part = part[weight.end() :]
            text, _hash, feedback = part.partition("#")
            out.append((text.strip(), fraction, feedback.strip()))
        return out

    def choice(self, item, answers):
        item.source_type = "multichoice"
        item.kind = "single" if "=" in answers else "multiple"
        entries = self.entries(answers)
        item.options = [Choice(text=self.texts(text), feedback=self.texts(feedback)) for text, _f, feedback in entries]
        if len(item.options) < 2 or any(not option.text for option in item.options):
            raise ValueError(_("A multiple choice question needs at least two answers, none empty."))
        apply_choice_fractions(item, [fraction for _t, fraction, _fb in entries], multiple=item.kind == "multiple")

    def true_false(self, item, answers, truth):
        item.kind, item.source_type = "true_false", "truefalse"
        parts = answers.split("#")
        wrong = self.texts(parts[1]) if len(parts) > 1 else {}
        right = self.texts(parts[2]) if len(parts) > 2 else {}
        item.options = true_false_options(truth, {truth: right, not truth: wrong})

    def matching(self, item, answers):
        item.kind, item.source_type = "matching", "matching"
        for text, _fraction, _fb in self.entries(answers):
            left, arrow, right = text.partition("->")
            if not arrow:
                raise ValueError(_("Each matching pair is written as =question -> answer."))
            if not left.strip():
                item.warnings.append(_("An extra wrong answer (without a question) is left out."))
                continue
            item.options.append(Choice(text=self.texts(left), match=self.texts(right), correct=True))
        if len(item.options) < 2:
            raise ValueError(_("A matching question needs at least two pairs."))

    def numeric(self, item, answers):
        item.kind, item.source_type = "numeric", "numerical"
        answers = answers.strip()
        entries = self.entries(answers) if answers.startswith("=") else [(answers.split("#")[0], Decimal(1), "")]
        right = []
        for text, fraction, _fb in entries:
            number, tolerance = self.number(_restore(text).strip())
            if fraction >= 1:
                right.append((number, tolerance))
            elif fraction > 0:
                item.warnings.append(
                    _("The partly right answer %(value)s is left out: number answers are right or wrong here.")
                    % {"value": text.strip()}
                )
        if not right:
            raise ValueError(_("No number answer is marked right."))
        item.number, item.tolerance = right[0]
        if len(right) > 1:
            item.warnings.append(_("Only the first right number is kept; the platform takes one number."))

    def number(self, text):
        try:
            if ".." in text:
                low, high = (Decimal(part) for part in text.split("..", 1))
                if high < low:
                    low, high = high, low
                return (low + high) / 2, (high - low) / 2
            value, _colon, tolerance = text.partition(":")
            return Decimal(value), abs(Decimal(tolerance or "0"))
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": text[:40]}) from None


UNSUPPORTED_DESCRIPTION = UNSUPPORTED["description"]
ESSAY = UNSUPPORTED["essay"]


def parse(data, *, language="en", budget=None):
    check_size(data)
    budget = budget or Budget()
    parsed = Parsed(format="gift")
    reader = _Reader(language)
    category = ""
    for line, raw in blocks(decode(data)):
        body = _protect(raw)
        if body.lstrip().startswith("$CATEGORY:"):
            first, _newline, body = body.lstrip().partition("\n")
            category = category_path(_restore(first.split(":", 1)[1]))
            if not body.strip():
                continue
        budget.tick()
        try:
            result = reader.item(line, body, category)
        except ValueError as error:
            parsed.errors.append(Problem(position=_("line %(line)s") % {"line": line}, message=str(error)))
            continue
        (parsed.skipped if isinstance(result, Skipped) else parsed.items).append(result)
    return parsed


# Writing ---------------------------------------------------------------------------------------


def escape(text):
    text = text.replace("\\", "\\\\")
    for char in SPECIAL:
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "\\n")


def _ml(texts):
    return escape(multilang.join({lang: text_to_html(value) for lang, value in texts.items()}))


def _rich(texts):
    return escape(multilang.join({lang: rich_to_html(value) for lang, value in texts.items()}))


def _number(value):
    return format(Decimal(value).normalize(), "f")


def write(entries):
    """GIFT text of `entries` (as moodle_xml.write takes them); GIFT holds no marks and no images."""
    out = []
    current = None
    for category, question, options, _images in entries:
        if category != current:
            out.append(f"$CATEGORY: {escape(category_text(category))}\n")
            current = category
        kind = question["kind"]
        head = f"::{escape(question['name'])}::[html]{_rich(question['stem'])}"
        if kind in ("single", "multiple"):
            right = sum(1 for option in options if option["correct"]) or 1
            parts = []
            for option in options:
                if kind == "single":
                    mark = "=" if option["correct"] else "~"
                else:
                    share = _number((Decimal(100) / right).quantize(Decimal("0.00001")))
                    mark = f"~%{share}%" if option["correct"] else f"~%-{share}%"
                feedback = f"#{_ml(option['feedback'])}" if option["feedback"] else ""
                parts.append(f"\t{mark}{_ml(option['text'])}{feedback}")
            body = "\n".join(parts)
        elif kind == "true_false":
            truth = next((option["truth"] for option in options if option["correct"]), True)
            by_value = {option["truth"]: option["feedback"] for option in options}
            body = (
                "TRUE" if truth else "FALSE"
            ) + f"#{_ml(by_value.get(not truth, {}))}#{_ml(by_value.get(truth, {}))}"
        elif kind == "short_text":
            body = " ".join(f"={escape(text)}" for text in question["accepted"])
        elif kind == "numeric":
            body = f"#{_number(question['number'])}:{_number(question['tolerance'])}"
        elif kind == "matching":
            body = "\n".join(f"\t={_ml(o['text'])} -> {escape(multilang.join(o['match']))}" for o in options)
        else:
            continue  # GIFT has no ordering questions
        general = f"####{_rich(question['general_feedback'])}" if question["general_feedback"] else ""
        out.append(f"{head}{{\n{body}\n{general}}}\n")
    return "\n".join(out).encode()

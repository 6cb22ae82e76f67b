"""Moodle XML: read a `<quiz>` file into items, and write items back as one.

Reading streams the file with defusedxml's iterparse (no DTDs, no entities) and clears each
`<question>` once read, so memory stays bounded by the largest question. Moodle semantics are
mapped to the platform's grading; what cannot be expressed is a warning on the item.
"""

import io
import re
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element, SubElement, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse
from django.utils.translation import gettext_lazy as _

from core.errors import InvalidInput

from . import multilang
from .records import Budget, Choice, Item, Parsed, Problem, Skipped, apply_choice_fractions, check_size
from .richtext import decode_image, html_to_rich, html_to_text, plain, rich_to_html, text_to_html

KINDS = {
    "multichoice": None,  # single or multiple, from <single>
    "truefalse": "true_false",
    "shortanswer": "short_text",
    "numerical": "numeric",
    "matching": "matching",
    "ordering": "ordering",
}
UNSUPPORTED = {
    "description": _("an information text, not a question: the platform has no information items, so it is skipped"),
    "essay": _("essays are marked by hand; the platform has no essay questions"),
    "calculated": _("calculated questions are not supported"),
    "calculatedsimple": _("calculated questions are not supported"),
    "calculatedmulti": _("calculated questions are not supported"),
    "multianswer": _("embedded answers (cloze) are not supported"),
    "ddwtos": _("drag and drop into text is not supported"),
    "ddimageortext": _("drag and drop onto an image is not supported"),
    "ddmarker": _("drag and drop markers are not supported"),
    "gapselect": _("select missing words is not supported"),
    "randomsamatch": _("random short-answer matching is not supported"),
    "random": _("random questions are drawn by quizzes, not stored in banks"),
}
CATEGORY_PREFIXES = ("$course$", "$system$", "$module$", "$cat1$", "$cat2$", "$cat3$")


def category_path(raw):
    """`$course$/top/Default for X/Interviews` → `Default for X/Interviews` (Moodle writes a / in a name as //)."""
    parts = [part.replace("//", "/") for part in re.split(r"(?<!/)/(?!/)", (raw or "").strip()) if part.strip()]
    if parts and parts[0].strip().lower() in CATEGORY_PREFIXES:
        parts = parts[1:]
    if parts and parts[0].strip().lower() == "top":
        parts = parts[1:]
    return "/".join(part.strip() for part in parts)


def category_text(path):
    """Moodle's category path of a platform category name: one level under the course's top."""
    return "$course$/top/" + path.replace("/", "//")


def _text(element, path="text"):
    found = element.find(path) if element is not None else None
    return (found.text or "") if found is not None else ""


def _fraction(raw):
    return Decimal(raw or "0") / 100


class _Reader:
    def __init__(self, language):
        self.language = language

    def texts(self, element, item, *, images=True):
        """{lang: text} of a `<questiontext>`-like element, its `<file>`s kept on the item.

        With images, the text is rich text (a stem, general feedback); without, plain text.
        """
        if element is None:
            return {}
        raw = _text(element)
        if images:
            for file in element.findall("file"):
                name = file.get("name") or ""
                data = decode_image(name, file.text or "", item.warnings)
                if data is not None:
                    item.images[name] = data
        values = multilang.split(raw, self.language)
        out = {}
        for lang, value in values.items():
            text = html_to_rich(value, item.warnings) if images else plain(html_to_text(value, item.warnings))
            if text:
                out[lang] = text
        return out

    def item(self, question, number, category):
        qtype = question.get("type") or ""
        name = " ".join(_text(question.find("name")).split()) or str(number)
        position = _("question %(number)s (%(name)s)") % {"number": number, "name": name[:60]}
        if qtype in UNSUPPORTED or qtype not in KINDS:
            reason = UNSUPPORTED.get(qtype, _("this question type is not supported"))
            return Skipped(position=position, name=name, source_type=qtype, reason=reason)
        kind = KINDS[qtype]
        if qtype == "multichoice":
            kind = "single" if _text(question, "single").strip().lower() in ("true", "1") else "multiple"
        item = Item(kind=kind, source_type=qtype, name=name, position=position, category=category)
        idnumber = _text(question, "idnumber").strip().lower()
        if len(idnumber) == 64 and all(char in "0123456789abcdef" for char in idnumber):
            item.key = idnumber
        item.stem = self.texts(question.find("questiontext"), item)
        item.general_feedback = self.texts(question.find("generalfeedback"), item)
        try:
            grade = Decimal(_text(question, "defaultgrade") or "1")
        except InvalidOperation:
            grade = Decimal(1)
        item.points = max(1, min(int(grade.to_integral_value()), 1000))
        if grade != item.points:
            item.warnings.append(
                _("The mark %(grade)s is rounded to %(points)s.") % {"grade": grade, "points": item.points}
            )
        if not item.stem:
            raise ValueError(_("The question has no text."))
        getattr(self, f"read_{qtype}")(question, item)
        for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
            if plain(_text(question.find(tag))):
                item.warnings.append(_("Moodle's combined feedback (right, partly right, wrong) is not kept."))
                break
        return item

    def answers(self, question, item):
        answers = question.findall("answer")
        if not answers:
            raise ValueError(_("The question has no answers."))
        return answers

    def option(self, answer, item):
        return Choice(
            text=self.texts(answer, item, images=False),
            feedback=self.texts(answer.find("feedback"), item, images=False),
        )

    def read_multichoice(self, question, item):
        answers = self.answers(question, item)
        item.options = [self.option(answer, item) for answer in answers]
        if len(item.options) < 2:
            raise ValueError(_("A multiple choice question needs at least two answers."))
        apply_choice_fractions(
            item, [_fraction(answer.get("fraction")) for answer in answers], multiple=item.kind == "multiple"
        )

    def read_truefalse(self, question, item):
        from .records import true_false_options

        answers = self.answers(question, item)
        truth = None
        feedback = {}
        for answer in answers:
            word = _text(answer).strip().lower()
            value = {"true": True, "false": False}.get(word)
            if value is None:
                raise ValueError(_("A true or false answer must be “true” or “false”."))
            feedback[value] = self.texts(answer.find("feedback"), item, images=False)
            if _fraction(answer.get("fraction")) >= 1:
                truth = value
        if truth is None:
            raise ValueError(_("Neither true nor false is marked right."))
        item.options = true_false_options(truth, feedback)

    def read_shortanswer(self, question, item):
        from .records import accept_answers

        answers = self.answers(question, item)
        if _text(question, "usecase").strip() == "1":
            item.warnings.append(_("Answers are compared without regard to case here; Moodle compared case."))
        accept_answers(item, [(_text(answer), _fraction(answer.get("fraction"))) for answer in answers])

    def read_numerical(self, question, item):
        right = []
        for answer in self.answers(question, item):
            fraction = _fraction(answer.get("fraction"))
            value = _text(answer).strip()
            if value == "*":
                item.warnings.append(_("The “any other answer” entry is left out."))
                continue
            try:
                number, tolerance = Decimal(value), abs(Decimal(_text(answer, "tolerance").strip() or "0"))
            except InvalidOperation:
                raise ValueError(_("“%(value)s” is not a number.") % {"value": value[:40]}) from None
            if fraction >= 1:
                right.append((number, tolerance))
            elif fraction > 0:
                item.warnings.append(
                    _("The partly right answer %(value)s is left out: number answers are right or wrong here.")
                    % {"value": value}
                )
        if not right:
            raise ValueError(_("No number answer is marked right."))
        item.number, item.tolerance = right[0]
        if len(right) > 1:
            item.warnings.append(_("Only the first right number is kept; the platform takes one number."))
        if question.find("units/unit") is not None:
            item.warnings.append(_("Units are left out."))

    def read_matching(self, question, item):
        pairs = question.findall("subquestion")
        for pair in pairs:
            text = self.texts(pair, item, images=False)
            match = self.texts(pair.find("answer"), item, images=False)
            if not text:
                item.warnings.append(_("An extra wrong answer (without a question) is left out."))
                continue
            item.options.append(Choice(text=text, match=match, correct=True))
        if len(item.options) < 2:
            raise ValueError(_("A matching question needs at least two pairs."))

    def read_ordering(self, question, item):
        answers = self.answers(question, item)
        ranked = sorted(enumerate(answers), key=lambda pair: (_fraction(pair[1].get("fraction")), pair[0]))
        item.options = [Choice(text=self.texts(answer, item, images=False), correct=True) for _i, answer in ranked]
        grading = _text(question, "gradingtype").strip().upper()
        if grading and grading != "ABSOLUTE_POSITION":
            item.warnings.append(
                _("Items are graded by their exact place here; Moodle graded them by %(rule)s.") % {"rule": grading}
            )
        if _text(question, "selecttype").strip().upper() not in ("", "ALL"):
            item.warnings.append(_("Every item is shown here; Moodle showed a selection."))


def parse(data, *, language="en", budget=None):
    check_size(data)
    budget = budget or Budget()
    parsed = Parsed(format="xml")
    reader = _Reader(language)
    category = ""
    number = 0
    depth = 0
    try:
        for event, element in iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True):
            if event == "start":
                if depth == 0 and element.tag != "quiz":
                    raise InvalidInput(_("This is not a Moodle XML question file (it does not start with <quiz>)."))
                depth += 1
                continue
            depth -= 1
            if element.tag != "question" or depth != 1:
                continue
            if element.get("type") == "category":
                category = category_path(_text(element.find("category")))
                element.clear()
                continue
            number += 1
            budget.tick()
            try:
                result = reader.item(element, number, category)
            except ValueError as error:
                name = " ".join(_text(element.find("name")).split())
                parsed.errors.append(
                    Problem(
                        position=_("question %(number)s (%(name)s)") % {"number": number, "name": name[:60]},
                        message=str(error),
                    )
                )
            else:
                (parsed.skipped if isinstance(result, Skipped) else parsed.items).append(result)
            element.clear()
    except (ParseError, DefusedXmlException) as error:
        position = getattr(error, "position", None)
        where = _("line %(line)s") % {"line": position[0]} if position else ""
        raise InvalidInput(
            _("This Moodle XML file cannot be read (%(where)s): it is damaged or not XML.") % {"where": where}
        ) from None
    return parsed


# Writing ---------------------------------------------------------------------------------------


def _text_element(parent, tag, html_text, *, fmt="html", files=()):
    node = SubElement(parent, tag, {"format": fmt}) if fmt else SubElement(parent, tag)
    SubElement(node, "text").text = html_text
    for name, encoded in files:
        SubElement(node, "file", {"name": name, "path": "/", "encoding": "base64"}).text = encoded
    return node


def _ml(texts):
    return multilang.join({lang: text_to_html(value) for lang, value in texts.items()})


def _rich(texts):
    return multilang.join({lang: rich_to_html(value) for lang, value in texts.items()})


def _number(value):
    return format(Decimal(value).normalize(), "f")


def write(entries):
    """Moodle XML bytes of `entries`: (category path, question, options, images {name: base64}) tuples."""
    quiz = Element("quiz")
    current = None
    for category, question, options, images in entries:
        if category != current:
            node = SubElement(quiz, "question", {"type": "category"})
            SubElement(SubElement(node, "category"), "text").text = category_text(category)
            current = category
        kind = question["kind"]
        qtype = {
            "single": "multichoice",
            "multiple": "multichoice",
            "true_false": "truefalse",
            "short_text": "shortanswer",
            "numeric": "numerical",
            "matching": "matching",
            "ordering": "ordering",
        }[kind]
        node = SubElement(quiz, "question", {"type": qtype})
        SubElement(SubElement(node, "name"), "text").text = question["name"]
        _text_element(node, "questiontext", _rich(question["stem"]), files=sorted(images.items()))
        _text_element(node, "generalfeedback", _rich(question["general_feedback"]))
        SubElement(node, "defaultgrade").text = str(question["points"])
        SubElement(node, "idnumber").text = question["key"]
        SubElement(node, "penalty").text = "0"
        SubElement(node, "hidden").text = "0"
        if kind in ("single", "multiple"):
            SubElement(node, "single").text = "true" if kind == "single" else "false"
            SubElement(node, "shuffleanswers").text = "true"
            SubElement(node, "answernumbering").text = "abc"
            right = sum(1 for option in options if option["correct"]) or 1
            for option in options:
                if kind == "single":
                    fraction = "100" if option["correct"] else "0"
                else:
                    share = Decimal(100) / right
                    fraction = _number((share if option["correct"] else -share).quantize(Decimal("0.00001")))
                answer = _text_element(node, "answer", _ml(option["text"]))
                answer.set("fraction", fraction)
                _text_element(answer, "feedback", _ml(option["feedback"]))
        elif kind == "true_false":
            truth = next((option["truth"] for option in options if option["correct"]), True)
            for word, value in (("true", True), ("false", False)):
                answer = _text_element(node, "answer", word, fmt="moodle_auto_format")
                answer.set("fraction", "100" if value == truth else "0")
                feedback = next((o["feedback"] for o in options if o["truth"] == value), {})
                _text_element(answer, "feedback", _ml(feedback))
        elif kind == "short_text":
            SubElement(node, "usecase").text = "0"
            for accepted in question["accepted"]:
                answer = _text_element(node, "answer", accepted, fmt="moodle_auto_format")
                answer.set("fraction", "100")
                _text_element(answer, "feedback", "")
        elif kind == "numeric":
            answer = _text_element(node, "answer", _number(question["number"]), fmt="moodle_auto_format")
            answer.set("fraction", "100")
            SubElement(answer, "tolerance").text = _number(question["tolerance"])
            _text_element(answer, "feedback", "")
        elif kind == "matching":
            SubElement(node, "shuffleanswers").text = "true"
            for option in options:
                pair = _text_element(node, "subquestion", _ml(option["text"]))
                SubElement(SubElement(pair, "answer"), "text").text = multilang.join(option["match"])
        elif kind == "ordering":
            SubElement(node, "layouttype").text = "VERTICAL"
            SubElement(node, "selecttype").text = "ALL"
            SubElement(node, "selectcount").text = "0"
            SubElement(node, "gradingtype").text = "ABSOLUTE_POSITION"
            SubElement(node, "showgrading").text = "SHOW"
            SubElement(node, "numberingstyle").text = "none"
            for place, option in enumerate(options, start=1):
                answer = _text_element(node, "answer", _ml(option["text"]))
                answer.set("fraction", str(place))
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(quiz, encoding="unicode").encode()

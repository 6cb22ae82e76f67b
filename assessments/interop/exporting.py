"""Export a bank's (or a quiz's) questions to Moodle XML or GIFT, all three languages in multilang markup.

Each question goes out with its source_key as Moodle's idnumber, so importing the export into
the same bank updates the questions instead of adding copies. GIFT holds neither marks,
images nor ordering questions: ordering questions are left out of a GIFT export and counted.
"""

import base64
import hashlib

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.errors import InvalidInput
from core.richtext import to_plain_text

from ..models import Question
from . import gift, moodle_xml, multilang
from .records import LANGS
from .richtext import embedded_image_ids

FORMATS = {"xml": ("xml", "application/xml"), "gift": ("gift.txt", "text/plain; charset=utf-8")}


def _texts(obj, name):
    return {lang: getattr(obj, f"{name}_{lang}", None) or "" for lang in LANGS if getattr(obj, f"{name}_{lang}", None)}


def _key(question):
    if question.source_key:
        return question.source_key
    return hashlib.sha256(f"question:{question.pk}".encode()).hexdigest()


def _images(question):
    from wagtail.images import get_image_model

    ids = {
        pk
        for name in ("stem", "general_feedback")
        for lang in LANGS
        for pk in embedded_image_ids(getattr(question, f"{name}_{lang}", ""))
    }
    files = {}
    for image in get_image_model().objects.filter(pk__in=ids):
        with image.open_file() as handle:
            files[f"image-{image.pk}"] = base64.b64encode(handle.read()).decode()
    return files


def _truth(option, position):
    """Which value a true or false option stands for: its English word, else first is true (as imports make them)."""
    word = (option.text_en or "").strip().casefold()
    if word in ("true", "false"):
        return word == "true"
    return position == 0


def entries(questions):
    for question in questions:
        category = multilang.join(_texts(question.category, "name"))
        stem = _texts(question, "stem")
        accepted = []
        for lang in LANGS:
            for line in (getattr(question, f"accepted_answers_{lang}", "") or "").splitlines():
                if line.strip() and line.strip() not in accepted:
                    accepted.append(line.strip())
        data = {
            "kind": question.kind,
            "key": _key(question),
            "name": to_plain_text(stem.get("en") or next(iter(stem.values()), "")).split("\n")[0][:100]
            or str(question.pk),
            "stem": stem,
            "general_feedback": _texts(question, "general_feedback"),
            "points": question.points,
            "accepted": accepted,
            "number": question.numeric_answer,
            "tolerance": question.tolerance,
        }
        options = [
            {
                "text": _texts(option, "text"),
                "match": _texts(option, "match"),
                "feedback": _texts(option, "feedback"),
                "correct": option.is_correct,
                "truth": _truth(option, position),
            }
            for position, option in enumerate(question.options.all())
        ]
        if question.kind == "numeric" and question.numeric_answer is None:
            continue
        yield category, data, options, _images(question)


def export_questions(questions, fmt, *, title):
    """(file bytes, file name, content type, number of questions left out) of `questions` in `fmt`."""
    if fmt not in FORMATS:
        raise InvalidInput(_("Choose Moodle XML or GIFT."))
    questions = list(questions.select_related("category").prefetch_related("options").order_by("category_id", "pk"))
    left_out = 0
    if fmt == "gift":
        left_out = sum(1 for question in questions if question.kind == "ordering")
        questions = [question for question in questions if question.kind != "ordering"]
    writer = moodle_xml.write if fmt == "xml" else gift.write
    extension, content_type = FORMATS[fmt]
    name = f"{slugify(title) or 'questions'}.{extension}"
    return writer(entries(questions)), name, content_type, left_out


def export_bank(bank, fmt):
    return export_questions(Question.objects.filter(category__bank=bank), fmt, title=bank.name)


def export_quiz(quiz, fmt):
    ids = quiz.items.values_list("question_id", flat=True)
    return export_questions(Question.objects.filter(pk__in=ids), fmt, title=quiz.title)

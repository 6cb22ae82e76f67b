"""Question and quiz builders for the assessments tests."""

import itertools
from decimal import Decimal

from django.http import QueryDict

from assessments.models import Category, Option, Question, QuestionBank, Quiz, QuizDraw, QuizItem

_n = itertools.count(1)


def make_category(course=None):
    bank = QuestionBank.objects.create(name=f"Bank {next(_n)}", course=course)
    return Category.objects.create(bank=bank, name="Topic")


def make_question(category, kind="single", *, options=None, stem=None, **fields):
    """A question; `options` is [(text, correct)] or [(text, correct, match)]. Default: 3 options, first correct."""
    number = next(_n)
    for name in ("general_feedback", "accepted_answers"):
        if name in fields:
            fields.setdefault(f"{name}_en", fields[name])
    stem = stem or f"Question {number}?"
    question = Question.objects.create(
        category=category,
        kind=kind,
        stem=stem,
        stem_en=stem,
        stem_km=f"សំណួរ {number}?",
        stem_lo=f"ຄຳຖາມ {number}?",
        **fields,
    )
    if options is None and kind in ("single", "multiple"):
        options = [(f"Right {number}", True), (f"Wrong A {number}", False), (f"Wrong B {number}", False)]
    if options is None and kind == "true_false":
        options = [("True", True), ("False", False)]
    for position, spec in enumerate(options or [], start=1):
        text, correct, *match = spec
        Option.objects.create(
            question=question,
            position=position,
            text=text,
            text_en=text,
            is_correct=correct,
            match=match[0] if match else "",
            match_en=match[0] if match else "",
            feedback=f"Option feedback {text}",
            feedback_en=f"Option feedback {text}",
        )
    return question


def make_quiz(course, questions=(), *, draws=(), **settings):
    settings.setdefault("title", "Check your knowledge")
    quiz = Quiz.objects.create(course=course, title_en=settings["title"], **settings)
    QuizItem.objects.bulk_create(QuizItem(quiz=quiz, question=q, position=i) for i, q in enumerate(questions))
    for category, count in draws:
        QuizDraw.objects.create(quiz=quiz, category=category, count=count)
    return quiz


def correct_post(answer):
    """Form data that answers an Answer slot correctly, read from its version's key."""
    data = answer.version.data
    kind = data["kind"]
    right = [o["id"] for o in data["options"] if o["correct"]]
    if kind in ("single", "true_false"):
        return {"choice": str(right[0])}
    if kind == "multiple":
        return {"choice": [str(pk) for pk in right]}
    if kind == "numeric":
        return {"value": data["number"]}
    if kind == "short_text":
        return {"text": data["accepted"][0]}
    if kind == "ordering":
        return {f"rank-{o['id']}": str(i) for i, o in enumerate(data["options"], start=1)}
    if kind == "matching":
        right = answer.option_order[len(data["options"]) :]
        return {f"match-{o['id']}": str(right.index(o["id"]) + 1) for o in data["options"]}
    raise AssertionError(kind)


def wrong_post(answer):
    data = answer.version.data
    wrong = [o["id"] for o in data["options"] if not o["correct"]]
    if data["kind"] in ("single", "true_false", "multiple"):
        return {"choice": str(wrong[0])}
    if data["kind"] == "numeric":
        return {"value": str(Decimal(data["number"]) + 1000)}
    return {"text": "nothing like it"}


def as_query(data):
    """Form data as the QueryDict a view would pass to save_answer."""
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query


def take(quiz, learner, *, right):
    """One submitted attempt: the first `right` question slots answered correctly, the others wrongly."""
    from assessments.services import save_answer, start_attempt, submit_attempt

    attempt = start_attempt(quiz=quiz, learner=learner)
    for index, answer in enumerate(attempt.answers.select_related("version")):
        post = correct_post if index < right else wrong_post
        save_answer(attempt_uuid=attempt.uuid, learner=learner, position=answer.position, data=as_query(post(answer)))
    return submit_attempt(attempt_uuid=attempt.uuid, learner=learner)

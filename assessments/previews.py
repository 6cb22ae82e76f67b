"""The admin preview of a question: the learner's question template, filled from the question being edited.

The preview goes through the same path as an attempt (grading.snapshot, then selectors.show_answer),
so what an editor checks is what a learner will see. Options not saved yet get stand-in ids.
"""

from types import SimpleNamespace

from . import grading, selectors
from .models import QuestionKind


class _Draft:
    """A read-only stand-in for a model instance, with some attributes replaced."""

    def __init__(self, instance, **replaced):
        self._instance = instance
        self.__dict__.update(replaced)

    def __getattr__(self, name):
        return getattr(self._instance, name)


def question_preview(question):
    options = [
        _Draft(option, pk=option.pk if option.pk is not None else -index)
        for index, option in enumerate(question.options.all(), start=1)
    ]
    data = grading.snapshot(_Draft(question, options=SimpleNamespace(all=lambda: options)))
    ids = [option["id"] for option in data["options"]]
    order = list(ids)
    if data["kind"] == QuestionKind.MATCHING:
        order += ids[1:] + ids[:1]  # the answers shown apart from their items, as a learner would meet them
    answer = SimpleNamespace(
        version=SimpleNamespace(data=data), response=None, option_order=order, position=1, score=None
    )
    key = selectors.show_answer(answer, feedback=True)
    return {
        "object": question,
        "question": selectors.show_answer(answer, feedback=False),
        "locked": False,
        "answer_key": key.correct_text,
        "general_feedback": key.general_feedback,
    }

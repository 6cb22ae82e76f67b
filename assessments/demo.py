"""Demo quizzes for each demo course: a pre-test, one quiz per module and a post-test, in en/km/lo.

Connected to core.signals.demo_data_loaded. Each module has its own questions about its own topic
(demo_data/module_questions.json), kept in a category named after the module: the module's quiz
asks those, the pre- and post-test ask every module's. Questions are found by their demo key
(`source_key`), quizzes by course and role or module, so loading the demo again updates the
content in place and never duplicates it.

A demo learner who has done every lesson of a course has also taken its quizzes (the pre-test
half right, every required quiz passed), so the demo's completed courses count every step of the
completion rule, as a real learner's would.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.db.models import Q

from core.errors import ApplicationError
from core.richtext import from_plain_text
from courses.completion import live_lessons_of
from courses.models import Enrolment, LessonProgress, ModulePage

from .models import (
    Answer,
    Attempt,
    Category,
    FeedbackTiming,
    Option,
    Question,
    QuestionBank,
    QuestionKind,
    Quiz,
    QuizGrade,
    QuizItem,
    QuizRole,
)
from .services import start_attempt, submit_attempt

QUESTIONS_FILE = Path(__file__).resolve().parent / "demo_data" / "module_questions.json"
SOURCE_PREFIX = "demo:"

TITLES = {
    QuizRole.PRE_TEST: {"en": "Pre-test", "km": "តេស្តមុនវគ្គ", "lo": "ແບບທົດສອບກ່ອນຮຽນ"},
    QuizRole.POST_TEST: {"en": "Post-test", "km": "តេស្តក្រោយវគ្គ", "lo": "ແບບທົດສອບຫຼັງຮຽນ"},
    "module": {"en": "Module quiz", "km": "តេស្តម៉ូឌុល", "lo": "ແບບທົດສອບໂມດູນ"},
}
BANK_NAME = {"en": "Core questions", "km": "សំណួរស្នូល", "lo": "ຄຳຖາມຫຼັກ"}


def _tr(field, values):
    return {field: values["en"], **{f"{field}_{lang}": text for lang, text in values.items()}}


def _blank(field):
    """Empty translations, so that a question that no longer uses a field loses it on reload."""
    return _tr(field, {"en": "", "km": "", "lo": ""})


def module_questions():
    """{course slug: {module slug: [question spec]}} from the demo data file."""
    return json.loads(QUESTIONS_FILE.read_text(encoding="utf-8"))["courses"]


def _category(bank, module):
    names = {lang: getattr(module, f"title_{lang}", None) or module.title for lang in ("en", "km", "lo")}
    category = Category.objects.filter(bank=bank, name_en=names["en"]).first()
    if category is None:
        return Category.objects.create(bank=bank, **_tr("name", names))
    Category.objects.filter(pk=category.pk).update(**_tr("name", names))
    return category


def _rich(texts):
    """Plain demo text as the rich text that question stems and feedback hold."""
    return {lang: from_plain_text(text) for lang, text in texts.items()}


def _question(category, spec):
    fields = {
        "category": category,
        "kind": spec["kind"],
        "numeric_answer": Decimal(spec["number"]) if "number" in spec else None,
        **_tr("stem", _rich(spec["stem"])),
        **(_tr("general_feedback", _rich(spec["feedback"])) if "feedback" in spec else _blank("general_feedback")),
        **(_tr("accepted_answers", spec["accepted"]) if "accepted" in spec else _blank("accepted_answers")),
    }
    question, _created = Question.objects.update_or_create(source_key=SOURCE_PREFIX + spec["key"], defaults=fields)
    options = spec.get("options", [])
    for position, option in enumerate(options, start=1):
        Option.objects.update_or_create(
            question=question,
            position=position,
            defaults={
                "is_correct": option["correct"],
                **_tr("text", option["text"]),
                **(_tr("match", option["match"]) if "match" in option else _blank("match")),
            },
        )
    question.options.filter(position__gt=len(options)).delete()
    return question


def _questions(course, modules):
    """Each module's questions, in the module's own category of the course's bank."""
    bank = QuestionBank.objects.filter(course=course, name_en=BANK_NAME["en"]).first()
    if bank is None:
        bank = QuestionBank.objects.create(course=course, **_tr("name", BANK_NAME))
    specs = module_questions().get(course.slug, {})
    return {
        module.pk: [_question(_category(bank, module), spec) for spec in specs.get(module.slug, [])]
        for module in modules
    }


def _quiz(course, key, *, module=None, role="", questions, **settings):
    """The quiz, created or brought up to date: its title and exactly these questions, in this order."""
    lookup = {"course": course, "role": role} if role else {"course": course, "module": module, "role": ""}
    title = dict(TITLES[key])
    if module is not None:
        title = {
            lang: f"{text}: {getattr(module, f'title_{lang}', None) or module.title}" for lang, text in title.items()
        }
    quiz, created = Quiz.objects.get_or_create(**lookup, defaults={**_tr("title", title), "module": module, **settings})
    if not created:
        Quiz.objects.filter(pk=quiz.pk).update(**_tr("title", title))
    wanted = [question.pk for question in questions]
    if list(quiz.items.order_by("position", "pk").values_list("question_id", flat=True)) != wanted:
        quiz.items.all().delete()
        QuizItem.objects.bulk_create(
            QuizItem(quiz=quiz, question_id=pk, position=position) for position, pk in enumerate(wanted)
        )
    return quiz


def correct_response(data):
    """The response that earns full marks on a question version (the demo's learners know their lessons)."""
    options = data["options"]
    kind = data["kind"]
    if kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE):
        return {"choice": next(option["id"] for option in options if option["correct"])}
    if kind == QuestionKind.MULTIPLE:
        return {"choices": [option["id"] for option in options if option["correct"]]}
    if kind == QuestionKind.NUMERIC:
        return {"value": data["number"]}
    if kind == QuestionKind.SHORT_TEXT:
        return {"text": (data["accepted_by_language"].get("en") or data["accepted"])[0]}
    if kind == QuestionKind.ORDERING:
        return {"order": [option["id"] for option in options]}
    return {"pairs": {str(option["id"]): option["id"] for option in options}}


def _take(quiz, learner, *, right=lambda position: True):
    try:
        attempt = start_attempt(quiz=quiz, learner=learner)
    except ApplicationError:
        return  # no attempt left, or the quiz is closed: the demo leaves it as it is
    answers = list(Answer.objects.filter(attempt=attempt).select_related("version"))
    for answer in answers:
        answer.response = correct_response(answer.version.data) if right(answer.position) else None
    Answer.objects.bulk_update(answers, ["response"])
    submit_attempt(attempt_uuid=attempt.uuid, learner=learner)


def take_quizzes_of_finished_lessons(course):
    """Learners with every lesson done take the pre-test (half right) and pass each required quiz."""
    lessons = live_lessons_of(course).count()
    finished = [
        enrolment.learner
        for enrolment in Enrolment.objects.filter(course=course).select_related("learner")
        if LessonProgress.objects.filter(enrolment=enrolment).count() >= lessons > 0
    ]
    order = {QuizRole.PRE_TEST: 0, QuizRole.NONE: 1, QuizRole.POST_TEST: 2}  # as a learner meets them
    quizzes = sorted(
        Quiz.objects.filter(course=course, live=True).filter(
            Q(required_for_completion=True) | Q(role=QuizRole.PRE_TEST)
        ),
        key=lambda quiz: (order.get(quiz.role, 1), quiz.pk),
    )
    for learner in finished:
        for quiz in quizzes:
            if quiz.role == QuizRole.PRE_TEST:
                if not Attempt.objects.filter(quiz=quiz, learner=learner).exists():
                    _take(quiz, learner, right=lambda position: position % 2 == 1)
            elif not QuizGrade.objects.filter(quiz=quiz, learner=learner, passed=True).exists():
                _take(quiz, learner)


def load_demo_quizzes(sender, *, courses, stdout=None, **kwargs):
    count = 0
    for course in courses:
        modules = list(ModulePage.objects.child_of(course).order_by("path"))
        by_module = _questions(course, modules)
        every_module = [question for module in modules for question in by_module[module.pk]]
        _quiz(
            course,
            QuizRole.PRE_TEST,
            role=QuizRole.PRE_TEST,
            questions=every_module,
            attempts_allowed=1,
            feedback_timing=FeedbackTiming.NEVER,
            pass_mark=0,
        )
        if not every_module:
            continue
        for module in modules:
            if not by_module[module.pk]:
                continue
            _quiz(
                course,
                "module",
                module=module,
                questions=by_module[module.pk],
                required_for_completion=True,
                pass_mark=50,
                feedback_timing=FeedbackTiming.IMMEDIATELY,
            )
        _quiz(
            course,
            QuizRole.POST_TEST,
            role=QuizRole.POST_TEST,
            questions=every_module,
            required_for_completion=True,
            pass_mark=60,
            attempts_allowed=3,
        )
        take_quizzes_of_finished_lessons(course)
        count += 1
    if stdout is not None:
        stdout.write(f"Quizzes ready for {count} courses.")

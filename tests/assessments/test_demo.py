"""The demo gains a pre-test, one quiz per module and a post-test for each demo course, in en, km and lo."""

import io
import re

import pytest
from django.core.management import call_command

from assessments.demo import module_questions
from assessments.models import Attempt, Option, Question, Quiz, QuizItem
from courses.models import CoursePage, ModulePage

pytestmark = pytest.mark.django_db

SCRIPT = {"km": r"[\u1780-\u17FF]", "lo": r"[\u0E80-\u0EFF]"}


def _counts():
    return (
        Quiz.objects.count(),
        Question.objects.count(),
        Option.objects.count(),
        QuizItem.objects.count(),
        Attempt.objects.count(),
    )


def test_demo_quizzes_for_every_course_in_three_languages_and_loading_twice_changes_nothing():
    call_command("load_initial_data", stdout=io.StringIO())
    first = _counts()
    call_command("load_initial_data", stdout=io.StringIO())
    assert _counts() == first
    courses = list(
        CoursePage.objects.filter(
            slug__in=["employment-counselling-youth", "lmi-job-matching", "inclusive-employment-services"]
        )
    )
    assert len(courses) == 3
    for course in courses:
        quizzes = Quiz.objects.filter(course=course)
        assert quizzes.filter(role="pre_test").count() == 1 and quizzes.filter(role="post_test").count() == 1
        modules = ModulePage.objects.child_of(course).count()
        assert quizzes.filter(module__isnull=False, role="").count() == modules > 0
        for quiz in quizzes:
            assert quiz.items.exists()
            for lang, script in SCRIPT.items():
                assert re.search(script, getattr(quiz, f"title_{lang}")), (quiz, lang)
        for question in Question.objects.filter(category__bank__course=course):
            for lang, script in SCRIPT.items():
                assert re.search(script, getattr(question, f"stem_{lang}"))
                for option in question.options.all():
                    assert re.search(script, getattr(option, f"text_{lang}"))


def test_each_module_quiz_asks_about_its_own_module_and_the_tests_cover_the_course():
    call_command("load_initial_data", stdout=io.StringIO())
    kinds = set()
    for course in CoursePage.objects.filter(slug__in=module_questions()):
        modules = list(ModulePage.objects.child_of(course).order_by("path"))
        course_questions = set()
        for module in modules:
            quiz = Quiz.objects.get(course=course, module=module, role="")
            questions = [item.question for item in quiz.items.select_related("question__category__bank")]
            assert len(questions) >= 3, module
            for question in questions:
                # The category of a module's questions is the module: its name in every language.
                assert question.category.bank.course_id == course.pk
                for lang in ("en", "km", "lo"):
                    assert getattr(question.category, f"name_{lang}") == getattr(module, f"title_{lang}"), (
                        module,
                        lang,
                    )
                kinds.add(question.kind)
                course_questions.add(question.pk)
            for lang in ("km", "lo"):
                assert getattr(module, f"title_{lang}") in getattr(quiz, f"title_{lang}")
        for role in ("pre_test", "post_test"):
            test = Quiz.objects.get(course=course, role=role)
            assert set(test.items.values_list("question_id", flat=True)) == course_questions
    assert kinds >= {"single", "multiple", "true_false", "matching", "ordering", "numeric", "short_text"}


def test_demo_questions_are_translated_in_khmer_and_lao_in_one_khmer_spelling():
    call_command("load_initial_data", stdout=io.StringIO())
    questions = Question.objects.filter(source_key__startswith="demo:").prefetch_related("options")
    assert questions.count() == sum(len(specs) for course in module_questions().values() for specs in course.values())
    for question in questions:
        texts = {lang: [getattr(question, f"stem_{lang}")] for lang in SCRIPT}
        for option in question.options.all():
            for lang in SCRIPT:
                texts[lang].append(getattr(option, f"text_{lang}"))
                if question.kind == "matching":
                    texts[lang].append(getattr(option, f"match_{lang}"))
        if question.kind == "short_text":
            for lang in SCRIPT:
                texts[lang].append(getattr(question, f"accepted_answers_{lang}"))
        for lang, script in SCRIPT.items():
            for text in texts[lang]:
                assert re.search(script, text or ""), (question.source_key, lang, text)
        assert all("\u17d2\u178a" not in text for text in texts["km"])


def test_reloading_the_demo_brings_edited_demo_questions_and_module_quizzes_back_without_duplicates():
    call_command("load_initial_data", stdout=io.StringIO())
    first = _counts()
    question = Question.objects.get(source_key="demo:welcome-first-step")
    Question.objects.filter(pk=question.pk).update(stem_km="កែ")
    question.options.filter(position=1).delete()
    quiz = Quiz.objects.get(module__slug="welcome-and-registration")
    quiz.items.filter(position=0).delete()
    call_command("load_initial_data", stdout=io.StringIO())
    assert _counts() == first
    question.refresh_from_db()
    assert question.stem_km.startswith("<p>យុវជនស្វែងរកការងារ") and question.options.count() == 3
    assert list(quiz.items.values_list("question__source_key", flat=True))[0] == "demo:welcome-first-step"


def test_demo_learners_who_finished_the_lessons_took_the_quizzes_so_completed_courses_count_every_step():
    from courses.completion import progress_of
    from courses.models import Enrolment

    call_command("load_initial_data", stdout=io.StringIO())
    completed = list(
        Enrolment.objects.filter(course__slug__in=module_questions(), completed_at__isnull=False).select_related(
            "learner", "course"
        )
    )
    # Both demo learners hold a self-paced course (learner.kh's completed through its quizzes too).
    assert {"learner.kh", "learner.lo"} <= {enrolment.learner.username for enrolment in completed}
    progresses = progress_of(completed)
    for enrolment in completed:
        progress = progresses[enrolment.pk]
        assert progress.done == progress.total, (enrolment.learner.username, enrolment.course.slug)
        pre_test = Attempt.objects.get(quiz__course=enrolment.course, quiz__role="pre_test", learner=enrolment.learner)
        assert 0 < pre_test.percent < 100  # half right: the knowledge gain has something to show

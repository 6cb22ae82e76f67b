"""The "quizzes" completion requirement and the quiz steps of a learner's way through a course.

Required quizzes must be passed; every live quiz of the course is also a step (a pre-test offered
before the first lesson, a module's quiz after its lessons, the post-test at the end), so the
course page can say what is left and each page can link to what comes next.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from courses.completion import AFTER_MODULE, BEFORE, END, HOOK_NAME, Requirement, Step

from .models import QuizRole


def _place(quiz):
    if quiz.role == QuizRole.PRE_TEST:
        return {"place": BEFORE, "kind": "pre_test"}
    if quiz.role == QuizRole.POST_TEST:
        return {"place": END, "kind": "post_test"}
    if quiz.lesson_id:
        return {"place": AFTER_MODULE, "lesson_id": quiz.lesson_id, "kind": "quiz"}
    if quiz.module_id:
        return {"place": AFTER_MODULE, "module_id": quiz.module_id, "kind": "quiz"}
    return {"place": END, "kind": "quiz"}


@hooks.register(HOOK_NAME)
def required_quizzes_passed(enrolments):
    """{enrolment id: Requirement} for enrolments in courses with live quizzes: two queries."""
    from .models import Quiz, QuizGrade

    course_ids = {e.course_id for e in enrolments}
    quizzes = list(Quiz.objects.filter(course_id__in=course_ids, live=True).order_by("pk"))
    if not quizzes:
        return {}
    grades = {
        (g.learner_id, g.quiz_id): g.passed
        for g in QuizGrade.objects.filter(
            learner_id__in={e.learner_id for e in enrolments}, quiz_id__in=[q.pk for q in quizzes]
        ).only("learner_id", "quiz_id", "passed")
    }
    result = {}
    for enrolment in enrolments:
        steps, required, passed = [], 0, 0
        for quiz in (q for q in quizzes if q.course_id == enrolment.course_id):
            grade = grades.get((enrolment.learner_id, quiz.pk))
            is_required = quiz.required_for_completion
            # A required quiz is done when passed; an offered one (a pre-test) once it is taken.
            done = bool(grade) if not is_required else grade is True
            steps.append(
                Step(
                    label=quiz.title,
                    url=reverse("assessments:quiz", args=[quiz.uuid]),
                    done=done,
                    required=is_required,
                    **_place(quiz),
                )
            )
            required += is_required
            passed += is_required and done
        if steps:
            result[enrolment.pk] = Requirement(
                key="quizzes", label=_("Pass the required quizzes"), done=passed, total=required, steps=tuple(steps)
            )
    return result

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
    """{enrolment id: Requirement} for enrolments in courses with live quizzes.

    The quizzes come from the shared cache (caching.course_quizzes); the grades are one query,
    none when the courses have no live quiz.
    """
    from .caching import course_quizzes, learner_grades
    from .models import QuizGrade

    by_course = course_quizzes(None, {e.course_id for e in enrolments})
    quizzes = [quiz for course_quizzes_ in by_course.values() for quiz in course_quizzes_]
    if not quizzes:
        return {}
    if len(enrolments) == 1:  # a learner's page: the quiz section reads the same grades (one query for both)
        (enrolment,) = enrolments
        mine = learner_grades(enrolment.learner_id, enrolment.course_id, [q.pk for q in quizzes])
        grades = {(enrolment.learner_id, quiz_id): passed for quiz_id, (_percent, passed) in mine.items()}
    else:
        grades = {
            (g.learner_id, g.quiz_id): g.passed
            for g in QuizGrade.objects.filter(
                learner_id__in={e.learner_id for e in enrolments}, quiz_id__in=[q.pk for q in quizzes]
            ).only("learner_id", "quiz_id", "passed")
        }
    result = {}
    for enrolment in enrolments:
        steps, required, passed = [], 0, 0
        for quiz in by_course.get(enrolment.course_id, ()):
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

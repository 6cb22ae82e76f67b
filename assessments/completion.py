"""The "quizzes" completion requirement: every live quiz required for the course is passed."""

from django.utils.translation import gettext_lazy as _

from courses.completion import Requirement, register_requirement


@register_requirement("quizzes")
def required_quizzes_passed(enrolment):
    from .models import Quiz, QuizGrade

    required = list(
        Quiz.objects.filter(course_id=enrolment.course_id, live=True, required_for_completion=True).values_list(
            "pk", flat=True
        )
    )
    if not required:
        return None
    done = QuizGrade.objects.filter(learner_id=enrolment.learner_id, quiz_id__in=required, passed=True).count()
    return Requirement(key="quizzes", label=_("Pass the required quizzes"), done=done, total=len(required))

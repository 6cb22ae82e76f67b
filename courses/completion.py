"""The completion rule of a course: every registered requirement must be met.

The rule lives here and nowhere else. Other apps add requirements without editing
this module (assessments: required quizzes passed; cohorts: attendance met):

    from courses.completion import Requirement, register_requirement

    @register_requirement("quizzes")
    def quizzes_passed(enrolment):
        ...
        return Requirement(key="quizzes", label=_("Pass the quizzes"), done=2, total=3)

A requirement function returns a Requirement, or None when it does not apply to that
enrolment (for example, no quiz in the course). When something a requirement reads
changes, the owning app calls courses.services.evaluate_completion(enrolment=...).
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

_REQUIREMENTS = {}


@dataclass(frozen=True)
class Requirement:
    key: str
    label: str
    done: int
    total: int

    @property
    def met(self):
        return self.done >= self.total

    @property
    def percent(self):
        return 100 if not self.total else round(100 * self.done / self.total)


def register_requirement(key):
    """Decorator: add `func(enrolment) -> Requirement | None` to every course's completion rule."""

    def decorator(func):
        _REQUIREMENTS[key] = func
        return func

    return decorator


def requirements_for(enrolment):
    """The requirements that apply to this enrolment, each with how far the learner is."""
    results = (func(enrolment) for func in _REQUIREMENTS.values())
    return [result for result in results if result is not None]


def is_complete(enrolment):
    return all(requirement.met for requirement in requirements_for(enrolment))


def live_lessons_of(course):
    from .models import LessonPage

    return LessonPage.objects.live().descendant_of(course)


@register_requirement("lessons")
def lessons_completed(enrolment):
    from .models import LessonProgress

    total = live_lessons_of(enrolment.course).count()
    if total == 0:
        return None
    done = LessonProgress.objects.filter(
        Q(enrolment=enrolment), Q(lesson__live=True), Q(lesson__path__startswith=enrolment.course.path)
    ).count()
    return Requirement(key="lessons", label=_("Complete every lesson"), done=done, total=total)

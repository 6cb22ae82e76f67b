"""What course pages show of quizzes, kept in the shared cache so that a page asks no quiz query.

Every course, module and lesson page asks which live quizzes belong to it (the quiz section), and
the course page's completion rule asks for the course's quizzes again. Quizzes change a few times
a term, so each course's live quizzes are kept as plain records, per course and language, under
the version of `QUIZZES` (core.cache): saving or deleting a quiz bumps it, at once and after the
commit, so the next request in every process reads the change. Only the learner's grades are
read per request, and only when the page has quizzes.
"""

from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

from core import cache as shared

QUIZZES = "assessments:quizzes"


@dataclass(frozen=True)
class QuizInfo:
    """A live quiz as course pages show it, in one language."""

    pk: int
    uuid: object  # uuid.UUID
    title: str
    role: str
    required_for_completion: bool
    course_id: int
    module_id: int | None
    lesson_id: int | None


def _build(course_ids):
    from .models import Quiz

    by_course = {course_id: [] for course_id in course_ids}
    fields = ("pk", "uuid", "title", "role", "required_for_completion", "course_id", "module_id", "lesson_id")
    for quiz in Quiz.objects.filter(course_id__in=course_ids, live=True).order_by("pk").only(*fields):
        by_course[quiz.course_id].append(QuizInfo(*(getattr(quiz, name) for name in fields)))
    return {course_id: tuple(quizzes) for course_id, quizzes in by_course.items()}


def course_quizzes(request, course_ids):
    """{course id: (QuizInfo, ...)} of the live quizzes of each course, in the active language.

    One round trip to the shared cache (none when this process read them recently); the courses
    missing there are read together in one query.
    """
    language = get_language()
    wanted = {course_id: (("course", course_id, language), None) for course_id in sorted(set(course_ids))}
    return shared.get_many_or_build(request, QUIZZES, wanted, build_many=_build)


def learner_grades(learner_id, course_id, quiz_ids):
    """{quiz id: (percent, passed)} of a learner's kept grades in a course's quizzes: one query.

    Read once per page (core.cache.request_memo): the completion rule and the quiz section of a
    course page ask for the same grades.
    """
    from .models import QuizGrade

    memo = shared.request_memo()
    key = ("assessments:grades", learner_id, course_id)
    if key not in memo:
        memo[key] = {
            quiz_id: (percent, passed)
            for quiz_id, percent, passed in QuizGrade.objects.filter(
                learner_id=learner_id, quiz_id__in=list(quiz_ids)
            ).values_list("quiz_id", "percent", "passed")
        }
    return memo[key]


def _bump(**kwargs):
    shared.bump_now_and_after_commit(QUIZZES)


def connect():
    """Called from AssessmentsConfig.ready(), so every process bumps on a change."""
    from .models import Quiz, QuizGrade

    shared.track_person_rows(QuizGrade, lambda grade: grade.learner_id)
    post_save.connect(_bump, sender=Quiz, dispatch_uid="assessments_quizzes_saved")
    post_delete.connect(_bump, sender=Quiz, dispatch_uid="assessments_quizzes_deleted")

"""The completion rule of a course and the learner's way through it.

The rule lives here and nowhere else: a course is complete when every requirement that applies
to the enrolment is met. Lessons are built in; other apps add requirements without editing this
module, through the Wagtail hook `register_completion_requirement` (assessments: required quizzes
passed; cohorts: attendance met):

    @hooks.register("register_completion_requirement")
    def quizzes_passed(enrolments):
        # one call for many enrolments, a fixed number of queries
        return {enrolment.pk: Requirement(key="quizzes", label=_("Pass the required quizzes"),
                                          done=1, total=2, steps=(Step(...), ...))}

A hook returns {enrolment id: Requirement} and leaves out the enrolments it does not apply to.
A requirement may carry `steps`: the concrete things a learner does to meet it (a quiz to pass,
a session to attend), each with a link and a place in the course (before the lessons, after a
module, at the end), from which the course page lists "what is left" and every page offers the
next step. A step that is offered but not required (a pre-test) has `required=False`.
When something a requirement reads changes, the owning app calls
courses.services.evaluate_completion(enrolment=...).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

HOOK_NAME = "register_completion_requirement"

# Where a step sits in a course: before the first lesson, after a module's lessons, at the end,
# or beside the lessons (meetings of a live course).
BEFORE = "before"
AFTER_MODULE = "after_module"
END = "end"
LIVE = "live"


@dataclass(frozen=True)
class Step:
    label: str
    url: str
    done: bool
    place: str = END
    module_id: int | None = None  # for AFTER_MODULE
    lesson_id: int | None = None  # a step tied to one lesson comes right after it
    required: bool = True
    kind: str = ""  # "lesson", "quiz", "pre_test", "post_test", "attendance": for icons and tests
    page_id: int | None = None  # the lesson page of a lesson step


@dataclass(frozen=True)
class Requirement:
    key: str
    label: str
    done: int
    total: int
    steps: tuple[Step, ...] = ()
    pending: str = ""  # why it cannot be met yet although the count is reached (a session still ahead)

    @property
    def met(self) -> bool:
        return self.done >= self.total and not self.pending

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.done / self.total)

    @property
    def steps_left(self) -> list[Step]:
        return [step for step in self.steps if not step.done]


@dataclass
class Progress:
    """How far an enrolment is along every requirement of the rule."""

    requirements: list[Requirement] = field(default_factory=list)
    completed: bool = False

    @property
    def done(self) -> int:
        # A requirement that cannot be met yet counts one short, so the bar never shows 100% early.
        return sum(min(r.done, r.total - 1 if r.pending and r.total else r.total) for r in self.requirements)

    @property
    def total(self) -> int:
        return sum(r.total for r in self.requirements)

    @property
    def percent(self) -> int:
        if self.completed:
            return 100
        if not self.total:
            return 0
        # Never 100% while something is left: rounding must not hide a missing post-test.
        return min(99, round(100 * self.done / self.total)) if self.done < self.total else 100

    @property
    def left(self) -> list[Requirement]:
        return [r for r in self.requirements if not r.met]

    def steps(self) -> list[Step]:
        return [step for r in self.requirements for step in r.steps]


def _lesson_requirements(enrolments: list) -> dict[int, Requirement]:
    """Lessons done of live lessons, for many enrolments in two queries."""
    from .models import LessonProgress
    from .selectors import lesson_totals

    courses = {e.course_id: e.course for e in enrolments}
    totals = lesson_totals(list(courses.values()))
    done = dict(
        LessonProgress.objects.filter(enrolment__in=[e.pk for e in enrolments], lesson__live=True)
        .order_by()
        .values("enrolment_id")
        .annotate(n=Count("pk"))
        .values_list("enrolment_id", "n")
    )
    result = {}
    for enrolment in enrolments:
        total = totals.get(enrolment.course_id, 0)
        if total:
            result[enrolment.pk] = Requirement(
                key="lessons", label=_("Complete every lesson"), done=done.get(enrolment.pk, 0), total=total
            )
    return result


def progress_of(
    enrolments: Iterable, *, outlines: dict | None = None, lesson_counts: dict | None = None
) -> dict[int, Progress]:
    """{enrolment id: Progress} for many enrolments: lessons plus every hooked requirement.

    A page that already knows the lessons done passes them, so the lessons cost no query:
    `outlines` ({enrolment id: LearnerOutline}) or `lesson_counts` ({enrolment id: (done, total)}).
    The number of queries does not depend on how many enrolments there are.
    """
    enrolments = list(enrolments)
    if not enrolments:
        return {}
    known = dict(lesson_counts or {})
    for enrolment_id, outline in (outlines or {}).items():
        known[enrolment_id] = (outline.done, outline.total)
    missing = [e for e in enrolments if e.pk not in known]
    lessons = _lesson_requirements(missing) if missing else {}
    for enrolment_id, (done, total) in known.items():
        if total:
            lessons[enrolment_id] = Requirement(
                key="lessons", label=_("Complete every lesson"), done=min(done, total), total=total
            )
    result = {
        e.pk: Progress(requirements=[lessons[e.pk]] if e.pk in lessons else [], completed=e.completed_at is not None)
        for e in enrolments
    }
    for requirement_hook in hooks.get_hooks(HOOK_NAME):
        for enrolment_id, requirement in requirement_hook(enrolments).items():
            if requirement is not None and enrolment_id in result:
                result[enrolment_id].requirements.append(requirement)
    return result


def requirements_for(enrolment) -> list[Requirement]:
    """The requirements that apply to this enrolment, each with how far the learner is."""
    return progress_of([enrolment])[enrolment.pk].requirements


def is_complete(enrolment) -> bool:
    return all(requirement.met for requirement in requirements_for(enrolment))


def live_lessons_of(course):
    from .models import LessonPage

    return LessonPage.objects.live().descendant_of(course)


def next_step(outline, progress: Progress, *, after_lesson_id: int | None = None) -> Step | None:
    """The first step not yet done, in the order a learner takes them.

    The order: offered pre-tests, then each module's lessons (each followed by the quizzes tied to
    it) and the quizzes placed after the module, then what is placed at the end (post-test, course
    quizzes), then live sessions. `outline` is a courses.selectors.LearnerOutline.

    With `after_lesson_id` (a lesson page's "what next"): the first open step after that lesson,
    else the first open one before it. An offered step (a pre-test) counts only while the learner
    has not begun the lessons. Lessons are read from the outline without building a step for each,
    so a 200-lesson course costs about what a 9-lesson one does.
    """
    steps = progress.steps()
    begun = outline.done > 0
    done_ids = outline.done_ids
    after_lesson = defaultdict(list)
    after_module = defaultdict(list)
    for step in steps:
        if step.lesson_id is not None:
            after_lesson[step.lesson_id].append(step)
        elif step.place == AFTER_MODULE:
            after_module[step.module_id].append(step)

    def is_open(step):
        return not step.done and (step.required or not begun)

    def lesson_step(lesson):
        return Step(label=lesson.title, url=lesson.url, done=lesson.pk in done_ids, kind="lesson", page_id=lesson.pk)

    first_open = None  # the first open step before `after_lesson_id` (or anywhere without it)
    passed = after_lesson_id is None  # whether the walk is past the given lesson

    def consider(step):
        nonlocal first_open
        if is_open(step):
            if passed:
                return step
            if first_open is None:
                first_open = step
        return None

    for step in steps:
        if step.place == BEFORE and (found := consider(step)):
            return found
    placed = set()
    for module, lessons in outline.tree.modules:
        for lesson in lessons:
            if lesson.pk == after_lesson_id:
                passed = True
            elif lesson.pk not in done_ids and (passed or first_open is None):
                found = consider(lesson_step(lesson))
                if found:
                    return found
            for step in after_lesson.get(lesson.pk, ()):
                placed.add(id(step))
                if found := consider(step):
                    return found
        for step in after_module.get(module.pk, ()):
            placed.add(id(step))
            if found := consider(step):
                return found
    passed = True  # a lesson not in the outline: everything counts
    rest = [s for s in steps if s.place == END and id(s) not in placed]
    rest += [s for s in steps if s.place not in (BEFORE, END) and id(s) not in placed]
    for step in rest:
        if found := consider(step):
            return found
    return first_open

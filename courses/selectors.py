"""Reads shared by the course pages: outlines and progress, each in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Substr
from wagtail.models import Page

from .models import CoursePage, Enrolment, LessonPage, LessonProgress

STEPLEN = Page.steplen


def course_path_of(page):
    """The tree path of the course a module or lesson belongs to (page types fix the depths)."""
    if isinstance(page, LessonPage):
        return page.path[: (page.depth - 2) * STEPLEN]
    return page.path[: (page.depth - 1) * STEPLEN]


@dataclass
class OutlineLesson:
    page: Page
    number: int
    done: bool = False


class LessonCounts:
    """Done, total and percent over `self.lessons`, for a module or a whole course."""

    @property
    def total(self):
        return len(self.lessons)

    @property
    def done(self):
        return sum(1 for lesson in self.lessons if lesson.done)

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class OutlineModule(LessonCounts):
    page: Page
    number: int
    lessons: list = field(default_factory=list)


@dataclass
class Outline(LessonCounts):
    course: CoursePage
    modules: list

    @property
    def lessons(self):
        return [lesson for module in self.modules for lesson in module.lessons]

    def next_unfinished(self):
        return next((lesson for lesson in self.lessons if not lesson.done), None)

    def neighbours(self, lesson_id):
        """The lessons before and after a lesson, across module boundaries."""
        lessons = self.lessons
        for index, lesson in enumerate(lessons):
            if lesson.page.pk == lesson_id:
                before = lessons[index - 1] if index > 0 else None
                after = lessons[index + 1] if index + 1 < len(lessons) else None
                return before, lesson, after
        return None, None, None

    def module_of(self, lesson_id):
        return next((m for m in self.modules if any(ls.page.pk == lesson_id for ls in m.lessons)), None)


def course_outline(course, *, enrolment=None):
    """Modules and lessons of a course in order, marked done for an enrolment: two queries at most."""
    return _outline(course.path, course.depth, enrolment=enrolment, course=course)


def outline_around(page, *, enrolment=None):
    """The outline of the course a module or lesson belongs to; the course is read in the same query."""
    path = course_path_of(page)
    return _outline(path, len(path) // STEPLEN, enrolment=enrolment)


def _outline(path, depth, *, enrolment=None, course=None):
    pages = (
        Page.objects.live()
        .filter(path__startswith=path, depth__gte=depth if course is None else depth + 1, depth__lte=depth + 2)
        .order_by("path")
        .only("id", "title", "title_en", "title_km", "title_lo", "slug", "url_path", "path", "depth")
    )
    done_ids = set()
    if enrolment is not None:
        done_ids = set(LessonProgress.objects.filter(enrolment=enrolment).values_list("lesson_id", flat=True))
    modules = []
    for page in pages:
        if page.depth == depth:
            course = page
        elif page.depth == depth + 1:
            modules.append(OutlineModule(page=page, number=len(modules) + 1))
        elif modules and page.path.startswith(modules[-1].page.path):
            module = modules[-1]
            module.lessons.append(OutlineLesson(page=page, number=len(module.lessons) + 1, done=page.pk in done_ids))
    return Outline(course=course, modules=modules)


def lesson_totals(courses):
    """{course id: number of live lessons} for many courses, one query per tree depth (usually one)."""
    totals = {course.pk: 0 for course in courses}
    by_depth = {}
    for course in courses:
        by_depth.setdefault(course.depth, {})[course.path] = course.pk
    for depth, paths in by_depth.items():
        rows = (
            LessonPage.objects.live()
            .annotate(course_path=Substr("path", 1, depth * STEPLEN))
            .filter(course_path__in=list(paths))
            .order_by()  # Page's default ordering by path would split the groups
            .values("course_path")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            totals[paths[row["course_path"]]] = row["n"]
    return totals


@dataclass
class CourseStatus:
    enrolment: Enrolment | None
    done: int
    total: int

    @property
    def percent(self):
        if self.enrolment is not None and self.enrolment.completed_at:
            return 100  # a completed webinar has no lessons, and is still done
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def state(self):
        if self.enrolment is None:
            return "not_enrolled"
        if self.enrolment.completed_at:
            return "completed"
        return "in_progress" if self.done else "enrolled"


def learner_enrolments(user):
    return Enrolment.objects.filter(learner=user).select_related("course").order_by("-last_activity_at")


def course_statuses(user, courses, *, enrolments=None):
    """{course id: CourseStatus} for a learner over many courses, in three queries whatever their size."""
    courses = list(courses)
    if not getattr(user, "is_authenticated", False):
        return {course.pk: CourseStatus(None, 0, 0) for course in courses}
    if enrolments is None:
        enrolments = list(Enrolment.objects.filter(learner=user, course__in=[c.pk for c in courses]))
    by_course = {e.course_id: e for e in enrolments}
    totals = lesson_totals(courses)
    done = (
        dict(
            LessonProgress.objects.filter(enrolment__in=[e.pk for e in enrolments], lesson__live=True)
            .order_by()
            .values("enrolment__course_id")
            .annotate(n=Count("pk"))
            .values_list("enrolment__course_id", "n")
        )
        if enrolments
        else {}
    )
    return {
        course.pk: CourseStatus(by_course.get(course.pk), done.get(course.pk, 0), totals.get(course.pk, 0))
        for course in courses
    }

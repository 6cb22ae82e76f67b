"""Reads shared by the course pages: outlines and progress, each in a fixed number of queries.

The learner pages read a course's outline from the shared cache (`course_tree`, the same for
every learner) and add the learner's own part with one cheap query (`learner_standing`,
`learner_course_state`: plain SQL, no ORM compilation). `course_lessons` gives the lesson pages themselves in order, for services and commands.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count
from django.db.models.functions import Substr
from django.utils.translation import get_language
from wagtail.models import Page

from .caching import get_many_or_build
from .models import CoursePage, Enrolment, LessonPage, LessonProgress

STEPLEN = Page.steplen


def course_path_of(page):
    """The tree path of the course a module or lesson belongs to (page types fix the depths)."""
    if isinstance(page, LessonPage):
        return page.path[: (page.depth - 2) * STEPLEN]
    return page.path[: (page.depth - 1) * STEPLEN]


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
    """[Enrolment] of the learner, most recently active first, each with `done_count` (live lessons done).

    One plain-SQL query (compiling the ORM's version cost more than running it).
    """
    _names, columns = _enrolment_columns()
    sql = (
        f"SELECT {columns}, COUNT(l.id) FROM {Enrolment._meta.db_table} e "
        f"LEFT JOIN {LessonProgress._meta.db_table} p ON p.enrolment_id = e.id "
        f"LEFT JOIN {Page._meta.db_table} l ON l.id = p.lesson_id AND l.live "
        f"WHERE e.learner_id = %s GROUP BY {columns} ORDER BY e.last_activity_at DESC, e.id DESC"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk])
        rows = cursor.fetchall()
    enrolments = []
    for row in rows:
        enrolment = _enrolment_from_row(row)
        enrolment.done_count = row[-1]
        enrolments.append(enrolment)
    return enrolments


def course_catalogue(request=None):
    """({course id: CoursePage} of every course in tree order, {course id: live lessons}) from the shared cache.

    The same for every learner, so it is built once per tree version (a published or moved page
    bumps it) instead of compiling the Page queries on every catalogue and My learning page.
    """
    values = get_many_or_build(
        request,
        {
            "courses": (("courses",), lambda: {course.pk: course for course in CoursePage.objects.order_by("path")}),
            "totals": (("lesson-totals",), lambda: lesson_totals(list(CoursePage.objects.all()))),
        },
    )
    return values["courses"], values["totals"]


def course_statuses(user, courses, *, enrolments=None, totals=None):
    """{course id: CourseStatus} for a learner over many courses: one query (none if `enrolments` and `totals` are given)."""
    courses = list(courses)
    if not getattr(user, "is_authenticated", False):
        return {course.pk: CourseStatus(None, 0, 0) for course in courses}
    if enrolments is None:
        wanted = {c.pk for c in courses}
        enrolments = [e for e in learner_enrolments(user) if e.course_id in wanted]
    if totals is None:
        totals = lesson_totals(courses)
    by_course = {e.course_id: e for e in enrolments}
    return {
        course.pk: CourseStatus(
            by_course.get(course.pk),
            getattr(by_course.get(course.pk), "done_count", 0),
            totals.get(course.pk, 0),
        )
        for course in courses
    }


# The outline as every learner sees it, cached per course, language and tree version ----------


@dataclass(frozen=True)
class TreeNode:
    """A page of a course outline, as plain data in one language: cheap to cache and to read."""

    pk: int
    title: str
    url: str
    path: str
    title_is_fallback: bool = False  # the title shown is English: not yet translated into this language


@dataclass
class CourseTree:
    """A course's modules and lessons in order, in one language: the same for every learner.

    Built in one query when missing and kept in the shared cache under the course tree's
    version (courses.caching.TREE), which publishing, unpublishing, saving or moving any page
    bumps. Lookups by lesson id are dictionary reads, so a 200-lesson course costs no more to
    ask than a 9-lesson one.
    """

    course: TreeNode
    modules: list  # [(module TreeNode, [lesson TreeNode, ...]), ...]
    lessons: list  # every lesson in order
    position: dict  # lesson id → index in `lessons`
    module_index: dict  # lesson id → index in `modules`
    lesson_ids: frozenset


def course_tree(course_path, request=None):
    """The CourseTree of the course at `course_path` in the active language (shared cache)."""
    return get_many_or_build(request, {"tree": course_tree_wanted(course_path, request)})["tree"]


def course_tree_wanted(course_path, request=None):
    """(cache key parts, build) of a course's tree, for `caching.get_many_or_build`."""
    return ("tree", course_path, get_language()), lambda: _build_tree(course_path, request)


def _build_tree(course_path, request):
    depth = len(course_path) // STEPLEN
    pages = (
        Page.objects.live()
        .filter(path__startswith=course_path, depth__gte=depth, depth__lte=depth + 2)
        .order_by("path")
        .only("id", "title", "title_en", "title_km", "title_lo", "slug", "url_path", "path", "depth")
    )
    course, modules, lessons, position, module_index = None, [], [], {}, {}
    language = (get_language() or "en").split("-")[0]
    for page in pages:
        node = TreeNode(
            pk=page.pk,
            title=str(page.title),
            url=page.get_url(request) or "",
            path=page.path,
            title_is_fallback=language != "en" and not getattr(page, f"title_{language}", None),
        )
        if page.depth == depth:
            course = node
        elif page.depth == depth + 1:
            modules.append((node, []))
        elif modules and page.path.startswith(modules[-1][0].path):
            position[node.pk] = len(lessons)
            module_index[node.pk] = len(modules) - 1
            modules[-1][1].append(node)
            lessons.append(node)
    return CourseTree(course, modules, lessons, position, module_index, frozenset(position))


@dataclass(frozen=True)
class ModuleProgress:
    page: TreeNode
    lessons: list  # [(lesson TreeNode, done), ...]
    done: int
    total: int
    percent: int


class LearnerOutline:
    """A CourseTree seen by one learner: which lessons are done, where they are, what comes next."""

    def __init__(self, tree, done_ids=frozenset()):
        self.tree = tree
        self.done_ids = frozenset(done_ids) & tree.lesson_ids

    @property
    def course(self):
        return self.tree.course

    @property
    def total(self):
        return len(self.tree.lessons)

    @property
    def done(self):
        return len(self.done_ids)

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0

    def is_done(self, lesson_id):
        return lesson_id in self.done_ids

    def neighbours(self, lesson_id):
        """The lessons before and after a lesson, across module boundaries."""
        index = self.tree.position.get(lesson_id)
        if index is None:
            return None, None, None
        lessons = self.tree.lessons
        before = lessons[index - 1] if index > 0 else None
        after = lessons[index + 1] if index + 1 < len(lessons) else None
        return before, lessons[index], after

    def module_of(self, lesson_id):
        index = self.tree.module_index.get(lesson_id)
        return None if index is None else self.tree.modules[index][0]

    def module_progress(self, module_id):
        """One module's lessons, each with whether it is done, and the module's counts; or None."""
        for module, lessons in self.tree.modules:
            if module.pk == module_id:
                rows = [(lesson, lesson.pk in self.done_ids) for lesson in lessons]
                done = sum(1 for _lesson, is_done in rows if is_done)
                return ModuleProgress(module, rows, done, len(rows), round(100 * done / len(rows)) if rows else 0)
        return None

    def next_unfinished(self):
        return next((lesson for lesson in self.tree.lessons if lesson.pk not in self.done_ids), None)


def done_lesson_ids(enrolment, under_path):
    """Ids of the lessons under a course's or module's path the enrolment completed: one query."""
    if enrolment is None:
        return frozenset()
    return frozenset(
        LessonProgress.objects.filter(enrolment_id=enrolment.pk, lesson__path__startswith=under_path).values_list(
            "lesson_id", flat=True
        )
    )


@dataclass(frozen=True)
class LessonStanding:
    """How far a learner is in the course of a lesson, and whether this lesson is done."""

    done: int
    total: int
    this_done: bool

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0


_ENROLMENT_COLUMNS = None


def _enrolment_columns():
    """The enrolment table's columns, in model order, for the raw reads below (one ORM-free query each)."""
    global _ENROLMENT_COLUMNS
    if _ENROLMENT_COLUMNS is None:
        fields = Enrolment._meta.concrete_fields
        _ENROLMENT_COLUMNS = ([f.attname for f in fields], ", ".join(f"e.{f.column}" for f in fields))
    return _ENROLMENT_COLUMNS


def _enrolment_from_row(row):
    names, _sql = _enrolment_columns()
    return Enrolment.from_db(connection.alias, names, row[: len(names)])


def learner_standing(user, tree, lesson_id):
    """(enrolment or None, LessonStanding): one query whatever the size of the course.

    The enrolment row comes with two counts of its lesson progress (live lessons done in the
    course, and this lesson), so no row per lesson done is read. Plain SQL: compiling the ORM's
    query cost more than running it.
    """
    total = len(tree.lessons)
    if not getattr(user, "is_authenticated", False):
        return None, LessonStanding(0, total, False)
    _names, columns = _enrolment_columns()
    sql = (
        f"SELECT {columns}, "
        "COALESCE(SUM(CASE WHEN l.id IS NOT NULL THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN p.lesson_id = %s THEN 1 ELSE 0 END), 0) "
        f"FROM {Enrolment._meta.db_table} e "
        f"LEFT JOIN {LessonProgress._meta.db_table} p ON p.enrolment_id = e.id "
        f"LEFT JOIN {Page._meta.db_table} l ON l.id = p.lesson_id AND l.live AND l.path LIKE %s "
        f"WHERE e.learner_id = %s AND e.course_id = %s GROUP BY {columns}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [lesson_id, tree.course.path + "%", user.pk, tree.course.pk])
        row = cursor.fetchone()
    if row is None:
        return None, LessonStanding(0, total, False)
    done_count, this_done = row[-2:]
    return _enrolment_from_row(row), LessonStanding(min(done_count, total), total, bool(this_done))


def learner_course_state(user, course_id, under_path):
    """(enrolment or None, ids of the live lessons under `under_path` it completed): one query.

    One row per lesson done under the path (a module's lessons on a module page, the course's on
    the course page, which lists them all anyway), none read for other courses.
    """
    if not getattr(user, "is_authenticated", False):
        return None, frozenset()
    _names, columns = _enrolment_columns()
    sql = (
        f"SELECT {columns}, p.lesson_id FROM {Enrolment._meta.db_table} e "
        f"LEFT JOIN {LessonProgress._meta.db_table} p ON p.enrolment_id = e.id AND p.lesson_id IN "
        f"(SELECT l.id FROM {Page._meta.db_table} l WHERE l.path LIKE %s AND l.live) "
        "WHERE e.learner_id = %s AND e.course_id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [under_path + "%", user.pk, course_id])
        rows = cursor.fetchall()
    if not rows:
        return None, frozenset()
    return _enrolment_from_row(rows[0]), frozenset(row[-1] for row in rows if row[-1] is not None)


def course_lessons(course):
    """The live lesson pages of a course in the outline's order (commands, demo data): one query.

    The order and the ids come from the cached tree (`course_tree`); only the pages are read.
    """
    nodes = course_tree(course.path).lessons
    pages = LessonPage.objects.in_bulk([node.pk for node in nodes])
    return [pages[node.pk] for node in nodes if node.pk in pages]

"""Learner-facing course views. The page models' serve() hand over to these functions.

What is the same for every learner (the outline, a lesson's rendered body) comes from the shared
cache (selectors.course_tree, presenters); the learner's own part is one query for the
enrolment and one for the lessons done. Refusals are core errors, rendered by core's middleware.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.errors import Forbidden, InvalidInput

from .caching import get_many_or_build
from .forms import CatalogFilterForm, CourseActionForm
from .models import CoursePage
from .presenters import fill_outline, lesson_body_wanted, outline_html_wanted
from .selectors import (
    LearnerOutline,
    course_catalogue,
    course_path_of,
    course_statuses,
    course_tree,
    course_tree_wanted,
    done_lesson_ids,
    learner_enrolment,
    learner_enrolments,
    learner_standing,
)
from .services import complete_lesson, enrol, record_visit


def _require_action(request, expected):
    """Raise InvalidInput (400) unless the posted action is the expected one."""
    form = CourseActionForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(" ".join(form.errors["action"]))
    if form.cleaned_data["action"] != expected:
        raise InvalidInput(_("This action is not possible here."))


def catalog_response(request, catalog):
    form = CatalogFilterForm(request.GET or None)
    all_courses, totals = course_catalogue(request)
    depth, path = catalog.depth + 1, catalog.path
    courses = [c for c in all_courses.values() if c.live and c.depth == depth and c.path.startswith(path)]
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound:
        courses = form.filter(courses)
    statuses = course_statuses(request.user, courses, totals=totals)
    rows = [(course, statuses[course.pk]) for course in courses]
    context = catalog.get_context(request)
    context.update(form=form, rows=rows)
    return TemplateResponse(request, catalog.get_template(request), context, status=status)


def course_response(request, course):
    enrolment = learner_enrolment(request.user, course.pk)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        _require_action(request, "enrol")
        if not request.user.has_perm("courses.enrol", course):
            raise Forbidden(_("This course is taught in groups: register for one of its sessions."))
        enrol(learner=request.user, course=course)
        messages.success(request, _("You are enrolled. Start with the first lesson."))
        return redirect(course.get_url(request))
    cached = get_many_or_build(
        request,
        {
            "tree": course_tree_wanted(course.path, request),
            "html": outline_html_wanted(
                course.path, enrolled=enrolment is not None, tree_of=lambda: course_tree(course.path, request)
            ),
        },
    )
    outline = LearnerOutline(cached["tree"], done_lesson_ids(enrolment, course.path))
    context = course.get_context(request)
    context.update(
        enrolment=enrolment,
        outline=outline,
        outline_html=fill_outline(cached["html"], outline) if enrolment else cached["html"],
        next_lesson=outline.next_unfinished() if enrolment else None,
        can_enrol=enrolment is None and request.user.has_perm("courses.enrol", course),
    )
    return TemplateResponse(request, course.get_template(request), context)


def module_response(request, module):
    tree = course_tree(course_path_of(module), request)
    enrolment = learner_enrolment(request.user, tree.course.pk)
    outline = LearnerOutline(tree, done_lesson_ids(enrolment, module.path))
    progress = outline.module_progress(module.pk)
    context = module.get_context(request)
    context.update(course=tree.course, enrolment=enrolment, outline=outline, this_module=progress)
    return TemplateResponse(request, module.get_template(request), context)


def lesson_response(request, lesson):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    body_wanted, body_is_fallback = lesson_body_wanted(lesson, request)
    cached = get_many_or_build(
        request, {"tree": course_tree_wanted(course_path_of(lesson), request), "body": body_wanted}
    )
    tree = cached["tree"]
    enrolment, standing = learner_standing(request.user, tree, lesson.pk)
    if request.method == "POST":
        _require_action(request, "complete")
        if enrolment is None:
            raise Forbidden(_("You are not enrolled in this course, so this lesson cannot be marked complete."))
        enrolment = complete_lesson(enrolment=enrolment, lesson=lesson)
        if enrolment.completed_at:
            messages.success(request, _("Well done! You have completed this course."))
            return redirect(tree.course.url)
        messages.success(request, _("Lesson marked as complete."))
        _before, _this, after = LearnerOutline(tree).neighbours(lesson.pk)
        return redirect(after.url if after else lesson.get_url(request))

    if enrolment is None:
        course = CoursePage.objects.get(pk=tree.course.pk)
        if not request.user.has_perm("courses.preview_content", course):
            messages.info(request, _("Enrol in this course to open its lessons."))
            return redirect(tree.course.url)
    else:
        record_visit(enrolment=enrolment, lesson=lesson)
    outline = LearnerOutline(tree)
    before, _this, after = outline.neighbours(lesson.pk)
    context = lesson.get_context(request)
    context.update(
        course=tree.course,
        enrolment=enrolment,
        standing=standing,
        module=outline.module_of(lesson.pk),
        this_lesson_done=standing.this_done,
        previous_lesson=before,
        next_lesson=after,
        body=mark_safe(cached["body"]),
        body_is_fallback=body_is_fallback,
    )
    return TemplateResponse(request, lesson.get_template(request), context)


@login_required
def my_learning(request):
    all_courses, totals = course_catalogue(request)
    enrolments = [e for e in learner_enrolments(request.user) if e.course_id in all_courses]
    for enrolment in enrolments:
        enrolment.course = all_courses[enrolment.course_id]  # from the cache: no join on the Page tables
    courses = [enrolment.course for enrolment in enrolments]
    statuses = course_statuses(request.user, courses, enrolments=enrolments, totals=totals)
    groups = {"in_progress": [], "enrolled": [], "completed": []}
    for course in courses:
        status = statuses[course.pk]
        groups[status.state].append((course, status))
    return TemplateResponse(request, "courses/my_learning.html", {"groups": groups, "has_any": bool(courses)})

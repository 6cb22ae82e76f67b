"""Learner-facing course views. The page models' serve() hand over to these functions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core.http import error_response
from people import permissions

from .forms import CatalogFilterForm, CourseActionForm
from .models import CoursePage, Enrolment
from .selectors import course_outline, course_path_of, course_statuses, learner_enrolments, outline_around
from .services import CourseActionError, complete_lesson, enrol, record_visit


def _action(request, expected):
    """The posted action if it is the expected one, else a message saying what was wrong."""
    form = CourseActionForm(request.POST)
    if not form.is_valid():
        return None, " ".join(form.errors["action"])
    if form.cleaned_data["action"] != expected:
        return None, _("This action is not possible here.")
    return form.cleaned_data["action"], None


def catalog_response(request, catalog):
    form = CatalogFilterForm(request.GET or None)
    courses = list(CoursePage.objects.live().child_of(catalog).order_by("path"))
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound:
        courses = form.filter(courses)
    statuses = course_statuses(request.user, courses)
    rows = [(course, statuses[course.pk]) for course in courses]
    context = catalog.get_context(request)
    context.update(form=form, rows=rows)
    return TemplateResponse(request, catalog.get_template(request), context, status=status)


def course_response(request, course):
    enrolment = None
    if request.user.is_authenticated:
        enrolment = Enrolment.objects.filter(learner=request.user, course=course).first()
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        action, problem = _action(request, "enrol")
        if problem:
            return error_response(request, problem, status=400)
        if not permissions.can_enrol(request.user, course):
            return error_response(
                request, _("This course is taught in groups: register for one of its sessions."), status=403
            )
        try:
            enrol(learner=request.user, course=course)
        except CourseActionError as error:
            return error_response(request, error.message, status=error.status)
        messages.success(request, _("You are enrolled. Start with the first lesson."))
        return redirect(course.get_url(request))
    outline = course_outline(course, enrolment=enrolment)
    context = course.get_context(request)
    context.update(
        enrolment=enrolment,
        outline=outline,
        next_lesson=outline.next_unfinished() if enrolment else None,
        can_enrol=permissions.can_enrol(request.user, course),
    )
    return TemplateResponse(request, course.get_template(request), context)


def module_response(request, module):
    enrolment = None
    if request.user.is_authenticated:
        enrolment = Enrolment.objects.filter(learner=request.user, course__path=course_path_of(module)).first()
    outline = outline_around(module, enrolment=enrolment)
    course = outline.course
    this_module = next((m for m in outline.modules if m.page.pk == module.pk), None)
    context = module.get_context(request)
    context.update(course=course, enrolment=enrolment, outline=outline, this_module=this_module)
    return TemplateResponse(request, module.get_template(request), context)


def lesson_response(request, lesson):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    enrolment = (
        Enrolment.objects.select_related("course")
        .filter(learner=request.user, course__path=course_path_of(lesson))
        .first()
    )
    if request.method == "POST":
        action, problem = _action(request, "complete")
        if problem:
            return error_response(request, problem, status=400)
        if enrolment is None:
            return error_response(
                request, _("You are not enrolled in this course, so this lesson cannot be marked complete."), status=403
            )
        try:
            complete_lesson(enrolment=enrolment, lesson=lesson)
        except CourseActionError as error:
            return error_response(request, error.message, status=error.status)
        outline = course_outline(enrolment.course, enrolment=enrolment)
        _before, _this, after = outline.neighbours(lesson.pk)
        if enrolment.completed_at:
            messages.success(request, _("Well done! You have completed this course."))
            return redirect(enrolment.course.get_url(request))
        messages.success(request, _("Lesson marked as complete."))
        return redirect(after.page.get_url(request) if after else lesson.get_url(request))

    if enrolment is None and not permissions.can_preview_course_content(request.user):
        messages.info(request, _("Enrol in this course to open its lessons."))
        return redirect(CoursePage.objects.get(path=course_path_of(lesson)).get_url(request))
    if enrolment is not None:
        record_visit(enrolment=enrolment, lesson=lesson)
    outline = outline_around(lesson, enrolment=enrolment)
    course = outline.course
    before, this, after = outline.neighbours(lesson.pk)
    context = lesson.get_context(request)
    context.update(
        course=course,
        enrolment=enrolment,
        outline=outline,
        module=outline.module_of(lesson.pk),
        this_lesson=this,
        previous_lesson=before,
        next_lesson=after,
    )
    return TemplateResponse(request, lesson.get_template(request), context)


@login_required
def my_learning(request):
    enrolments = list(learner_enrolments(request.user))
    courses = [enrolment.course for enrolment in enrolments]
    statuses = course_statuses(request.user, courses, enrolments=enrolments)
    groups = {"in_progress": [], "enrolled": [], "completed": []}
    for course in courses:
        status = statuses[course.pk]
        groups[status.state].append((course, status))
    return TemplateResponse(request, "courses/my_learning.html", {"groups": groups, "has_any": bool(courses)})

"""Learner-facing course views. The page models' serve() hand over to these functions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core.errors import NotFound
from core.http import error_response, object_id
from people import permissions

from .completion import next_step, progress_of
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
    progress = step = None
    if enrolment is not None:
        enrolment.course = course
        progress = progress_of([enrolment], outlines={enrolment.pk: outline})[enrolment.pk]
        step = next_step(outline, progress)
    context.update(
        enrolment=enrolment,
        outline=outline,
        progress=progress,
        next_step=step,
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
        if enrolment.completed_at:
            messages.success(request, _("Well done! You have completed this course."))
            return redirect(enrolment.course.get_url(request))
        outline = course_outline(enrolment.course, enrolment=enrolment)
        progress = progress_of([enrolment], outlines={enrolment.pk: outline})[enrolment.pk]
        step = next_step(outline, progress, after_lesson_id=lesson.pk)
        messages.success(request, _("Lesson marked as complete."))
        return redirect(_step_url(request, step) if step else enrolment.course.get_url(request))

    if enrolment is None and not permissions.can_preview_course_content(request.user):
        messages.info(request, _("Enrol in this course to open its lessons."))
        return redirect(CoursePage.objects.get(path=course_path_of(lesson)).get_url(request))
    if enrolment is not None:
        record_visit(enrolment=enrolment, lesson=lesson)
    outline = outline_around(lesson, enrolment=enrolment)
    course = outline.course
    before, this, after = outline.neighbours(lesson.pk)
    step = None
    if enrolment is not None:
        progress = progress_of([enrolment], outlines={enrolment.pk: outline})[enrolment.pk]
        step = next_step(outline, progress, after_lesson_id=lesson.pk)
    context = lesson.get_context(request)
    context.update(
        next_step=step,
        course=course,
        enrolment=enrolment,
        outline=outline,
        module=outline.module_of(lesson.pk),
        this_lesson=this,
        previous_lesson=before,
        next_lesson=after,
    )
    return TemplateResponse(request, lesson.get_template(request), context)


def _step_url(request, step):
    return step.page.get_url(request) if step.page is not None else step.url


@login_required
def my_learning(request):
    enrolments = list(learner_enrolments(request.user))
    courses = [enrolment.course for enrolment in enrolments]
    progress = progress_of(enrolments)
    groups = {"in_progress": [], "enrolled": [], "completed": []}
    for enrolment in enrolments:
        course_progress = progress[enrolment.pk]
        if enrolment.completed_at:
            state = "completed"
        elif course_progress.done:
            state = "in_progress"
        else:
            state = "enrolled"
        groups[state].append((enrolment.course, enrolment, course_progress))
    return TemplateResponse(request, "courses/my_learning.html", {"groups": groups, "has_any": bool(courses)})


@login_required
def continue_course(request, course_id):
    """Take the learner to their next step in a course (My learning's "Continue")."""
    enrolment = (
        Enrolment.objects.select_related("course").filter(learner=request.user, course_id=object_id(course_id)).first()
    )
    if enrolment is None:
        raise NotFound(_("You are not enrolled in this course."))
    course = enrolment.course
    if enrolment.completed_at:
        return redirect(course.get_url(request))
    outline = course_outline(course, enrolment=enrolment)
    step = next_step(outline, progress_of([enrolment], outlines={enrolment.pk: outline})[enrolment.pk])
    return redirect(_step_url(request, step) if step else course.get_url(request))

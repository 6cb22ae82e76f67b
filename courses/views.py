"""Learner-facing course views. The page models' serve() hand over to these functions.

What is the same for every learner (the outline, a lesson's rendered body) comes from the shared
cache (selectors.course_tree, presenters); the learner's own part is one query for the
enrolment and one for the lessons done. Refusals are core errors, rendered by core's middleware.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.cache import person_cached
from core.errors import Conflict, Forbidden, InvalidInput, NotFound
from core.http import object_id

from .caching import get_many_or_build
from .completion import next_step, progress_of
from .forms import CatalogFilterForm, CourseActionForm
from .models import CoursePage, Enrolment
from .presenters import course_cards_wanted, fill_outline, lesson_body_wanted, outline_html_wanted
from .selectors import (
    LearnerOutline,
    course_catalogue,
    course_path_of,
    course_statuses,
    course_tree,
    course_tree_wanted,
    done_lesson_ids,
    learner_course_state,
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
    # The learner's standing in every course of the catalogue (before any filter), kept per person.
    statuses = person_cached(
        request, ("courses:statuses", catalog.pk), lambda: course_statuses(request.user, courses, totals=totals)
    )
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound:
        courses = form.filter(courses)
    heads = get_many_or_build(request, {"cards": course_cards_wanted(lambda: all_courses, request)})["cards"]
    rows = [(course, statuses[course.pk], mark_safe(heads.get(course.pk, ""))) for course in courses]
    context = catalog.get_context(request)
    context.update(form=form, rows=rows)
    return TemplateResponse(request, catalog.get_template(request), context, status=status)


def course_response(request, course):
    enrolment, done_ids = learner_course_state(request.user, course.pk, course.path)
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
    outline = LearnerOutline(cached["tree"], done_ids)
    progress = step = None
    if enrolment is not None:
        # Kept per person (core.cache.person_cached): their next lesson, grade or attendance bumps it.
        progress, step = person_cached(request, ("courses:progress", course.pk), lambda: _progress(enrolment, outline))
    context = course.get_context(request)
    context.update(
        enrolment=enrolment,
        outline=outline,
        outline_html=fill_outline(cached["html"], outline) if enrolment else cached["html"],
        progress=progress,
        next_step=step,
        can_enrol=enrolment is None and request.user.has_perm("courses.enrol", course),
    )
    return TemplateResponse(request, course.get_template(request), context)


def module_response(request, module):
    tree = course_tree(course_path_of(module), request)
    enrolment, done_ids = learner_course_state(request.user, tree.course.pk, module.path)
    outline = LearnerOutline(tree, done_ids)
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
        if lesson.completes_itself:
            raise Conflict(_("This lesson is complete when you finish its activity."))
        if enrolment is None:
            raise Forbidden(_("You are not enrolled in this course, so this lesson cannot be marked complete."))
        enrolment = complete_lesson(enrolment=enrolment, lesson=lesson)
        if enrolment.completed_at:
            messages.success(request, _("Well done! You have completed this course."))
            return redirect(tree.course.url)
        messages.success(request, _("Lesson marked as complete."))
        step = _next_step(enrolment, tree, after_lesson_id=lesson.pk)
        return redirect(step.url if step else tree.course.url)

    if enrolment is None:
        course = CoursePage.objects.get(pk=tree.course.pk)
        if not request.user.has_perm("courses.preview_content", course):
            messages.info(request, _("Enrol in this course to open its lessons."))
            return redirect(tree.course.url)
    else:
        record_visit(enrolment=enrolment, lesson=lesson)
    outline = LearnerOutline(tree)
    before, _this, after = outline.neighbours(lesson.pk)
    # What comes next is offered once this lesson is done; until then the page offers "Mark as complete".
    step = None
    if standing.this_done:  # kept per person (core.cache.person_cached): their next lesson or grade bumps it
        step = person_cached(
            request,
            ("courses:next-step", lesson.pk),
            lambda: _next_step(enrolment, tree, after_lesson_id=lesson.pk),
        )
    context = lesson.get_context(request)
    context.update(
        next_step=step,
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


def _progress(enrolment, outline):
    """(Progress, next Step or None) of an enrolment whose lessons done are in `outline`."""
    progress = progress_of([enrolment], outlines={enrolment.pk: outline})[enrolment.pk]
    return progress, next_step(outline, progress)


def _next_step(enrolment, tree, *, after_lesson_id=None):
    """The learner's next step in the course of `tree` (a lesson, a quiz, a meeting), or None."""
    outline = LearnerOutline(tree, done_lesson_ids(enrolment, tree.course.path))
    progress = progress_of([enrolment], outlines={enrolment.pk: outline})[enrolment.pk]
    return next_step(outline, progress, after_lesson_id=after_lesson_id)


@login_required
def my_learning(request):
    """The learner's courses by state, with what other apps add (quiz results, assigned training, surveys).

    The whole list is kept per person (core.cache.person_cached): a warm page asks no query
    beyond the session and the user; the learner's next enrolment, lesson, grade, attendance,
    assignment or answered survey, and any published page, quiz, meeting or survey, shows on the
    very next request.
    """
    content = person_cached(
        request,
        "courses:my-learning",
        lambda: render_to_string("courses/includes/my_learning_content.html", _my_learning(request), request=request),
    )
    return TemplateResponse(request, "courses/my_learning.html", {"content": content})


def _my_learning(request):
    all_courses, totals = course_catalogue(request)
    enrolments = [e for e in learner_enrolments(request.user) if e.course_id in all_courses]
    for enrolment in enrolments:
        enrolment.course = all_courses[enrolment.course_id]  # from the cache: no join on the Page tables
    courses = [enrolment.course for enrolment in enrolments]
    statuses = course_statuses(request.user, courses, enrolments=enrolments, totals=totals)
    # Progress over every requirement (lessons, required quizzes, attendance), a fixed number of queries.
    progress = progress_of(
        enrolments, lesson_counts={e.pk: (statuses[e.course_id].done, statuses[e.course_id].total) for e in enrolments}
    )
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
    return {"groups": groups, "has_any": bool(courses)}


@login_required
def continue_course(request, course_id):
    """Take the learner to their next step in a course (My learning's "Continue")."""
    enrolment = Enrolment.objects.filter(learner=request.user, course_id=object_id(course_id)).first()
    if enrolment is None:
        raise NotFound(_("You are not enrolled in this course."))
    course = CoursePage.objects.only("path", "url_path").get(pk=enrolment.course_id)
    tree = course_tree(course.path, request)
    if enrolment.completed_at:
        return redirect(tree.course.url)
    step = _next_step(enrolment, tree)
    return redirect(step.url if step else tree.course.url)

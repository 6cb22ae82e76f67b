"""Learner and staff views of quizzes. Thin: parse input, ask permissions, call services/selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.http import error_response
from courses.models import Enrolment
from people.permissions import can, require

from . import figures, selectors
from .grading import AnswerError
from .models import Question, Quiz
from .services import is_time_up, regrade_question, save_answer, start_attempt, submit_attempt


def _attempt_or_error(request, attempt_uuid):
    attempt = selectors.learner_attempt(attempt_uuid, request.user)
    if attempt is None or not can(request.user, "assessments.take", attempt):
        return None, error_response(request, _("We could not find this attempt."), status=404)
    return attempt, None


@login_required
@require_http_methods(["GET", "POST"])
def quiz_detail(request, quiz_uuid):
    quiz = selectors.live_quiz(quiz_uuid)
    if quiz is None:
        return error_response(request, _("We could not find this quiz."), status=404)
    if request.method == "POST":
        try:
            attempt = start_attempt(quiz=quiz, learner=request.user)
        except AnswerError as error:
            return error_response(request, error.message, status=error.status)
        return redirect("assessments:attempt", attempt_uuid=attempt.uuid)
    attempts, grade = selectors.learner_quiz_state(quiz, request.user)
    enrolled = Enrolment.objects.filter(learner=request.user, course_id=quiz.course_id).exists()
    open_attempt = next((a for a in attempts if a.is_open), None)
    used_up = bool(quiz.attempts_allowed) and len(attempts) >= quiz.attempts_allowed and open_attempt is None
    context = {
        "quiz": quiz,
        "attempts": attempts,
        "grade": grade,
        "enrolled": enrolled,
        "open_attempt": open_attempt,
        "used_up": used_up,
        "can_view_figures": can(request.user, "assessments.view_figures", quiz),
    }
    return TemplateResponse(request, "assessments/quiz_detail.html", context)


def _position(request, total):
    raw = request.POST.get("position") if request.method == "POST" else request.GET.get("q", "1")
    if not isinstance(raw, str) or not raw.isdigit() or not 1 <= int(raw) <= total:
        return None
    return int(raw)


@login_required
@require_http_methods(["GET", "POST"])
def attempt_page(request, attempt_uuid):
    attempt, problem = _attempt_or_error(request, attempt_uuid)
    if problem:
        return problem
    if not attempt.is_open:
        return redirect("assessments:result", attempt_uuid=attempt.uuid)
    total = len(attempt.answer_list)
    position = _position(request, total)
    if position is None:
        return error_response(request, _("This question is not part of your attempt."), status=400)
    if request.method == "POST":
        try:
            save_answer(attempt_uuid=attempt.uuid, learner=request.user, position=position, data=request.POST)
        except AnswerError as error:
            if error.status == 403:  # time is up: the attempt was submitted with the answers saved so far
                messages.warning(request, error.message)
                return redirect("assessments:result", attempt_uuid=attempt.uuid)
            return error_response(request, error.message, status=error.status)
        following = position if selectors.shows_immediate(attempt.quiz) else min(position + 1, total)
        return redirect(f"{reverse('assessments:attempt', args=[attempt.uuid])}?q={following}#question")
    if is_time_up(attempt):
        submit_attempt(attempt_uuid=attempt.uuid, learner=request.user)
        messages.warning(request, _("Time is up. Your saved answers have been submitted."))
        return redirect("assessments:result", attempt_uuid=attempt.uuid)
    answer = attempt.answer_list[position - 1]
    question = selectors.show_answer(answer, feedback=selectors.answer_feedback_allowed(attempt, answer))
    answered = sum(1 for a in attempt.answer_list if a.response is not None)
    seconds_left = int((attempt.deadline - timezone.now()).total_seconds()) if attempt.deadline else None
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "question": question,
        "total": total,
        "answered": answered,
        "slots": [(a.position, a.response is not None) for a in attempt.answer_list],
        "previous": position - 1 if position > 1 else None,
        "next": position + 1 if position < total else None,
        "minutes_left": None if seconds_left is None else max(0, (seconds_left + 59) // 60),
        "locked": question.feedback_shown,
    }
    return TemplateResponse(request, "assessments/attempt.html", context)


@login_required
@require_POST
def attempt_submit(request, attempt_uuid):
    try:
        attempt = submit_attempt(attempt_uuid=attempt_uuid, learner=request.user)
    except AnswerError as error:
        return error_response(request, error.message, status=error.status)
    return redirect("assessments:result", attempt_uuid=attempt.uuid)


@login_required
def attempt_result(request, attempt_uuid):
    attempt, problem = _attempt_or_error(request, attempt_uuid)
    if problem:
        return problem
    if attempt.is_open:
        return redirect("assessments:attempt", attempt_uuid=attempt.uuid)
    review = selectors.review_allowed(attempt)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "review": review,
        "questions": [selectors.show_answer(a, feedback=review) for a in attempt.answer_list] if review else [],
        "course_url": attempt.quiz.course.get_url(request),
    }
    return TemplateResponse(request, "assessments/result.html", context)


def _export_format(request):
    fmt = request.GET.get("export")
    return fmt if fmt in ("csv", "xlsx") else None


@login_required
def quiz_figures(request, quiz_uuid):
    quiz = get_object_or_404(Quiz.objects.select_related("course"), uuid=quiz_uuid)
    require(request.user, "assessments.view_figures", quiz)
    if "export" in request.GET:
        fmt = _export_format(request)
        if fmt is None:
            return error_response(request, _("Choose CSV or XLSX."), status=400)
        headers, rows = figures.quiz_export_rows(quiz, request.user)
        return figures.export(rows, headers, filename=f"quiz-{quiz.uuid}", fmt=fmt)
    context = {
        "quiz": quiz,
        "summary": figures.quiz_summary(quiz, request.user),
        "items": figures.item_analysis(quiz, request.user),
    }
    return TemplateResponse(request, "assessments/figures.html", context)


@login_required
def course_gain(request, quiz_uuid):
    quiz = get_object_or_404(Quiz.objects.select_related("course"), uuid=quiz_uuid)
    require(request.user, "assessments.view_figures", quiz)
    if "export" in request.GET:
        fmt = _export_format(request)
        if fmt is None:
            return error_response(request, _("Choose CSV or XLSX."), status=400)
        headers, rows = figures.gain_export_rows(quiz.course, request.user)
        return figures.export(rows, headers, filename=f"knowledge-gain-{quiz.course.slug}", fmt=fmt)
    tests, rows, average = figures.knowledge_gain(quiz.course, request.user)
    context = {"quiz": quiz, "course": quiz.course, "tests": tests, "rows": rows, "average": average}
    return TemplateResponse(request, "assessments/gain.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def regrade(request, question_id):
    question = get_object_or_404(Question, pk=question_id)
    require(request.user, "assessments.regrade", question)
    if request.method == "POST":
        record = regrade_question(question=question, editor=request.user)
        messages.success(request, _("Regraded. %(count)s attempts changed score.") % {"count": record.attempts_changed})
        return redirect("assessments:regrade", question_id=question.pk)
    records = question.regrades.select_related("editor").order_by("-created_at")[:20]
    return TemplateResponse(request, "assessments/regrade.html", {"question": question, "records": records})

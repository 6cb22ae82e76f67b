"""Learner and staff views of quizzes. Thin: parse input, ask the policies, call services/selectors.

Services raise core errors (InvalidInput, NotFound, Conflict, TimeUp…); the core middleware
renders them, so no view catches them.

On a question page every control (Previous, Next, the question numbers, Save, Submit) is a
submit button of the one form: the answer on screen is saved first, then the learner moves.
With JavaScript, assessments/static/assessments/quiz.js also saves each choice as it is made.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import InvalidInput, NotFound
from core.exports import FORMATS
from core.exports import response as export_response
from core.http import object_id
from core.permissions import require
from courses.models import Enrolment

from . import figures, selectors
from .models import Question, Quiz
from .services import is_time_up, regrade_question, save_answer, start_attempt, submit_attempt

ANSWER_FIELDS = ("choice", "value", "text")
ANSWER_PREFIXES = ("rank-", "match-")


def _own_attempt(request, attempt_uuid, *, with_course=True):
    """The signed-in learner's attempt, or NotFound: nobody learns whether another's attempt exists."""
    attempt = selectors.learner_attempt(attempt_uuid, request.user, with_course=with_course)
    if attempt is None or not request.user.has_perm("assessments.answer_attempt", attempt):
        raise NotFound(_("We could not find this attempt."))
    return attempt


@login_required
@require_http_methods(["GET", "POST"])
def quiz_detail(request, quiz_uuid):
    quiz = selectors.live_quiz(quiz_uuid)
    if quiz is None:
        raise NotFound(_("We could not find this quiz."))
    require(request.user, "assessments.take", quiz)
    if request.method == "POST":
        attempt = start_attempt(quiz=quiz, learner=request.user)
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
        "can_view_figures": request.user.has_perm("assessments.view_figures", quiz),
    }
    return TemplateResponse(request, "assessments/quiz_detail.html", context)


def _position(raw, total):
    if not isinstance(raw, str) or not raw.isascii() or not raw.isdigit() or len(raw) > 6 or not 1 <= int(raw) <= total:
        raise InvalidInput(_("This question is not part of your attempt."))
    return int(raw)


def _has_answer(post):
    """Whether the form carries an answer at all: moving on from an unanswered question saves nothing."""
    for name, values in post.lists():
        if name in ANSWER_FIELDS or name.startswith(ANSWER_PREFIXES):
            if any(isinstance(v, str) and v.strip() for v in values):
                return True
    return False


def _destination(go, position, total, *, stay):
    """Where a navigation button leads: "previous", "next", "submit", "save" or a question number."""
    if go == "previous":
        return max(position - 1, 1)
    if go == "next":
        return min(position + 1, total)
    if go in (None, "", "save"):
        return position if stay else min(position + 1, total)
    return _position(go, total)


def _question_url(attempt, position):
    return f"{reverse('assessments:attempt', args=[attempt.uuid])}?q={position}#question"


@login_required
@require_http_methods(["GET", "POST"])
def attempt_page(request, attempt_uuid):
    attempt = _own_attempt(request, attempt_uuid, with_course=False)
    if not attempt.is_open:
        return redirect("assessments:result", attempt_uuid=attempt.uuid)
    total = len(attempt.answer_list)
    if request.method == "POST":
        position = _position(request.POST.get("position"), total)
        go = request.POST.get("go")
        if is_time_up(attempt):
            # Past the deadline nothing more is saved, and the learner is never stuck: grade what was saved.
            submit_attempt(attempt_uuid=attempt.uuid, learner=request.user)
            messages.warning(request, _("Time is up. Your saved answers have been submitted."))
            return redirect("assessments:result", attempt_uuid=attempt.uuid)
        answer = attempt.answer_list[position - 1]
        final = answer.response is not None and selectors.shows_immediate(attempt.quiz)
        if not final and (go in (None, "", "save") or _has_answer(request.POST)):
            save_answer(attempt_uuid=attempt.uuid, learner=request.user, position=position, data=request.POST)
        if go == "submit":
            return redirect("assessments:submit", attempt_uuid=attempt.uuid)
        stay = selectors.shows_immediate(attempt.quiz)
        return redirect(_question_url(attempt, _destination(go, position, total, stay=stay)))
    if is_time_up(attempt):
        submit_attempt(attempt_uuid=attempt.uuid, learner=request.user)
        messages.warning(request, _("Time is up. Your saved answers have been submitted."))
        return redirect("assessments:result", attempt_uuid=attempt.uuid)
    position = _position(request.GET.get("q", "1"), total)
    answer = attempt.answer_list[position - 1]
    question = selectors.show_answer(answer, feedback=selectors.answer_feedback_allowed(attempt, answer))
    answered = sum(1 for a in attempt.answer_list if a.response is not None)
    seconds_left = max(0, int((attempt.deadline - timezone.now()).total_seconds())) if attempt.deadline else None
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "question": question,
        "total": total,
        "answered": answered,
        "slots": [(a.position, a.response is not None) for a in attempt.answer_list],
        "previous": position - 1 if position > 1 else None,
        "next": position + 1 if position < total else None,
        "seconds_left": seconds_left,
        "minutes_left": None if seconds_left is None else (seconds_left + 59) // 60,
        "locked": question.feedback_shown,
        "autosave": not selectors.shows_immediate(attempt.quiz),
    }
    return TemplateResponse(request, "assessments/attempt.html", context)


@login_required
@require_POST
def attempt_answer(request, attempt_uuid):
    """Save one answer as it is chosen (the page's script posts here); JSON, errors by status."""
    attempt = _own_attempt(request, attempt_uuid)
    total = len(attempt.answer_list)
    position = _position(request.POST.get("position"), total)
    save_answer(attempt_uuid=attempt.uuid, learner=request.user, position=position, data=request.POST)
    answered = sum(1 for a in attempt.answer_list if a.response is not None or a.position == position)
    return JsonResponse({"saved": True, "position": position, "answered": answered, "total": total})


@login_required
@require_http_methods(["GET", "POST"])
def attempt_submit(request, attempt_uuid):
    """GET: confirm, listing the unanswered questions; POST: grade the attempt once."""
    if request.method == "POST":
        # The service finds the attempt among the learner's own (NotFound for anyone else's) and locks it.
        attempt = submit_attempt(attempt_uuid=attempt_uuid, learner=request.user)
        require(request.user, "assessments.answer_attempt", attempt)
        return redirect("assessments:result", attempt_uuid=attempt.uuid)
    attempt = _own_attempt(request, attempt_uuid)
    if not attempt.is_open:
        return redirect("assessments:result", attempt_uuid=attempt.uuid)
    unanswered = [a.position for a in attempt.answer_list if a.response is None]
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "total": len(attempt.answer_list),
        "unanswered": unanswered,
        "time_up": is_time_up(attempt),
    }
    return TemplateResponse(request, "assessments/submit.html", context)


@login_required
def attempt_result(request, attempt_uuid):
    attempt = _own_attempt(request, attempt_uuid)
    if attempt.is_open:
        return redirect("assessments:attempt", attempt_uuid=attempt.uuid)
    review = selectors.review_allowed(attempt)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "review": review,
        # Each question's own answer is shown read-only; the key only when the feedback rule allows.
        "questions": [selectors.show_answer(a, feedback=review) for a in attempt.answer_list],
        "course_url": attempt.quiz.course.get_url(request),
    }
    return TemplateResponse(request, "assessments/result.html", context)


def _export_format(request):
    fmt = request.GET.get("export")
    if fmt not in FORMATS:
        raise InvalidInput(_("Choose CSV or XLSX."))
    return fmt


def _figures_quiz(request, quiz_uuid):
    quiz = Quiz.objects.select_related("course").filter(uuid=quiz_uuid).first()
    if quiz is None:
        raise NotFound(_("We could not find this quiz."))
    require(request.user, "assessments.view_figures", quiz)
    return quiz


@login_required
def quiz_figures(request, quiz_uuid):
    quiz = _figures_quiz(request, quiz_uuid)
    if "export" in request.GET:
        return export_response(figures.quiz_export(quiz, request.user), _export_format(request))
    context = {
        "quiz": quiz,
        "summary": figures.quiz_summary(quiz, request.user),
        "items": figures.item_analysis(quiz, request.user),
    }
    return TemplateResponse(request, "assessments/figures.html", context)


@login_required
def course_gain(request, quiz_uuid):
    quiz = _figures_quiz(request, quiz_uuid)
    if "export" in request.GET:
        return export_response(figures.gain_export(quiz.course, request.user), _export_format(request))
    tests, rows, average = figures.knowledge_gain(quiz.course, request.user)
    context = {"quiz": quiz, "course": quiz.course, "tests": tests, "rows": rows, "average": average}
    return TemplateResponse(request, "assessments/gain.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def regrade(request, question_id):
    question = Question.objects.filter(pk=object_id(question_id)).first()
    if question is None:
        raise NotFound()
    require(request.user, "assessments.regrade", question)
    if request.method == "POST":
        record = regrade_question(question=question, editor=request.user)
        messages.success(request, _("Regraded. %(count)s attempts changed score.") % {"count": record.attempts_changed})
        return redirect("assessments:regrade", question_id=question.pk)
    records = question.regrades.select_related("editor").order_by("-created_at")[:20]
    return TemplateResponse(request, "assessments/regrade.html", {"question": question, "records": records})

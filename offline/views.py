"""The installable app: its manifest per language, the service worker, the offline page, the
list of pages a learner may save for reading without a connection, and the endpoints that receive
the actions queued while offline ("Mark as complete", quiz answers, a quiz's submission, a check-in
code).

Every queued action carries an Idempotency-Key: sent twice (the connection dropped before the
answer arrived), it changes nothing and gets the first answer again. The action also says when the
learner did it on the device ("chosen_at", "entered_at", in milliseconds of the device's clock) and
when it was sent ("sent_at"): the difference between the server's clock and "sent_at" corrects a
phone whose clock is wrong, and no time is taken later than the server's now. The rules of the app
that owns the data still decide."""

import json
import re

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from assessments import selectors as assessment_selectors
from assessments.services import save_answer, submit_attempt
from cohorts.services import check_in
from core.cache import versioned_key
from core.errors import Conflict, Forbidden, InvalidInput, NotFound, TimeUp
from core.http import object_id
from courses import services
from courses.models import Enrolment, LessonPage
from courses.selectors import course_path_of

from .identity import BACKGROUND_COLOR, ICONS, THEME_COLOR
from .selectors import attempt_pages, offline_pages, offline_quizzes, offline_refusal
from .shell import shell_urls, shell_version

IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9-]{16,64}")  # the script sends crypto.randomUUID()
IDEMPOTENCY_SECONDS = 60 * 60 * 24 * 30  # an outbox left on a phone for weeks still sends once
MAX_MILLISECONDS = 10**14  # about the year 5000: a longer number is not a time


def _language(code):
    if code not in dict(settings.LANGUAGES):
        raise NotFound(_("This page does not exist in that language."))
    return code


@require_GET
def manifest(request, lang):
    lang = _language(lang)
    with translation.override(lang):
        data = {
            "id": "/",
            "name": _("PES Learning"),
            "short_name": _("PES Learning"),
            "description": _("Courses for Public Employment Services officers, also without a connection."),
            "lang": lang,
            "dir": "ltr",
            "start_url": f"/{lang}/learning/",
            "scope": "/",
            "display": "standalone",
            "theme_color": THEME_COLOR,
            "background_color": BACKGROUND_COLOR,
            "icons": [
                {"src": static(path), "sizes": f"{size}x{size}", "type": "image/png", "purpose": purpose}
                for path, size, purpose in ICONS
            ],
        }
    response = HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def service_worker(request):
    template = get_template("offline/sw.js")
    source = template.template.source
    context = {
        "version": shell_version(source),
        "shell": json.dumps(shell_urls()),
        "static_url": json.dumps(settings.STATIC_URL),
        "languages": json.dumps([code for code, _name in settings.LANGUAGES]),
    }
    response = HttpResponse(template.render(context), content_type="text/javascript; charset=utf-8")
    # The browser checks for a new worker at every navigation; it must never get a stale one.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def offline_page(request, lang):
    """Shown by the service worker for a page that was not saved. Standalone (not base.html): it
    is stored on the device and must carry no one's name, menu or form token."""
    lang = _language(lang)
    with translation.override(lang):
        return render(request, "offline/offline.html", {"lang": lang})


@never_cache
@require_GET
@login_required
def course_pages(request, lang, course_id):
    """What "Save this course for offline" stores, for the learner enrolled in the course: the
    addresses of its pages in one language with the time each was published (the page script
    compares them at the next connection to say "updated"), and its quizzes, each saved (its open
    attempt's question pages) or with the reason it is not."""
    lang = _language(lang)
    with translation.override(lang):
        course, pages = offline_pages(request, user=request.user, course_id=object_id(course_id))
        urls = [url for url, _published in pages]
        versions = {url: published.isoformat() if published else "" for url, published in pages}
        quizzes = []
        for quiz, attempt, reason in offline_quizzes(user=request.user, course=course):
            entry = {"title": quiz.title, "url": reverse("assessments:quiz", args=[quiz.uuid]), "note": reason}
            if not reason:
                questions = attempt_pages(attempt)
                urls += [entry["url"], *questions]
                entry["first"] = questions[1] if len(questions) > 2 else questions[0]
            quizzes.append(entry)
        urls.append(reverse("cohorts:checkin"))
    return JsonResponse({"pages": urls, "versions": versions, "quizzes": quizzes})


def _once(request, work):
    """Run a queued action once per Idempotency-Key and answer the same JSON every time it is sent.

    The actions are idempotent in the data too (a lesson completes once, an older answer never
    replaces a newer one, an attempt is graded once, a check-in is recorded once), so two copies
    racing past the remembered answer change nothing either. A refusal is not remembered: the
    rules are asked again."""
    key = request.headers.get("Idempotency-Key", "")
    if not IDEMPOTENCY_KEY.fullmatch(key):
        raise InvalidInput(_("This action has no valid identity, so it was not recorded."))
    remembered = versioned_key("offline-action", request.user.pk, key)
    answer = cache.get(remembered)
    if answer is None:
        answer = work()
        cache.add(remembered, answer, IDEMPOTENCY_SECONDS)
    return JsonResponse(answer)


def _speak(request):
    """Refusals are read in the language of the page that queued the action."""
    lang = request.POST.get("lang", "")
    if lang in dict(settings.LANGUAGES):
        translation.activate(lang)
        request.LANGUAGE_CODE = lang


def _milliseconds(value):
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or int(value) > MAX_MILLISECONDS:
        raise InvalidInput(_("This action does not say when it was done, so it was not recorded."))
    return int(value)


def _device_time(request, field):
    """When the learner did the action, on the server's clock (see the module docstring)."""
    now = timezone.now()
    done, sent = _milliseconds(request.POST.get(field)), _milliseconds(request.POST.get("sent_at"))
    if done > sent:
        raise InvalidInput(_("This action does not say when it was done, so it was not recorded."))
    return min(now, now - timezone.timedelta(milliseconds=sent - done))


def _offline_attempt(request, attempt_uuid):
    """The learner's own open attempt of a quiz that may be answered offline; the refusal otherwise."""
    attempt = assessment_selectors.learner_attempt(attempt_uuid, request.user)
    if attempt is None or not request.user.has_perm("assessments.answer_attempt", attempt):
        raise NotFound(_("We could not find this attempt."))
    if not attempt.is_open:
        raise Conflict(_("This attempt has been submitted; answers can no longer change."))
    reason = offline_refusal(attempt.quiz)
    if reason:
        closed = attempt.quiz.closes_at is not None and timezone.now() >= attempt.quiz.closes_at
        raise (TimeUp if closed else Conflict)(reason)
    return attempt


@require_POST
@login_required
def answer_question(request, attempt_uuid):
    """A quiz answer chosen without a connection. Kept only if newer than the one already saved."""
    _speak(request)

    def work():
        attempt = _offline_attempt(request, attempt_uuid)
        raw = request.POST.get("position", "")
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= len(attempt.answer_list):
            raise InvalidInput(_("This question is not part of your attempt."))
        chosen_at = _device_time(request, "chosen_at")
        answer = save_answer(
            attempt_uuid=attempt.uuid, learner=request.user, position=int(raw), data=request.POST, chosen_at=chosen_at
        )
        return {"position": answer.position, "kept": answer.saved_at == chosen_at}

    return _once(request, work)


@require_POST
@login_required
def submit_quiz(request, attempt_uuid):
    """A quiz submitted without a connection, sent after its answers."""
    _speak(request)

    def work():
        attempt = _offline_attempt(request, attempt_uuid)
        attempt = submit_attempt(attempt_uuid=attempt.uuid, learner=request.user)
        return {"submitted": True, "result": reverse("assessments:result", args=[attempt.uuid])}

    return _once(request, work)


@require_POST
@login_required
def check_in_code(request):
    """A check-in code typed in a room without signal. The meeting's rules decide at the time the code
    was typed: accepted if the code was the meeting's code and that time was inside its check-in
    window (present or late by that time, as if it had been sent at once); refused otherwise, also
    when the trainer has replaced the code since (README, "Learning without a connection")."""
    _speak(request)

    def work():
        entered_at = _device_time(request, "entered_at")
        code = request.POST.get("code", "")
        if not isinstance(code, str) or not 1 <= len(code) <= 32:
            raise InvalidInput(_("This code is not valid now. Check the code and the meeting time with your trainer."))
        meeting, record = check_in(person=request.user, code=code, at=entered_at)
        return {"status": record.get_status_display(), "cohort": str(meeting.cohort.public_id)}

    return _once(request, work)


@require_POST
@login_required
def complete_lesson(request, lesson_id):
    """ "Mark as complete" sent from the outbox of a device that was offline. The Idempotency-Key
    header names the action: sent twice (the connection dropped before the answer arrived), it
    changes nothing and gets the first answer again. The course's own rule decides, through
    courses.services.complete_lesson (itself idempotent)."""
    _speak(request)

    def work():
        lesson = LessonPage.objects.filter(pk=object_id(lesson_id)).first()
        if lesson is None:
            raise NotFound(_("This lesson does not exist."))
        enrolment = (
            Enrolment.objects.select_related("course")
            .filter(learner=request.user, course__path=course_path_of(lesson))
            .first()
        )
        if enrolment is None:
            raise Forbidden(_("You are not enrolled in this course, so this lesson cannot be marked complete."))
        if lesson.completes_itself:
            raise Conflict(_("This lesson is complete when you finish its activity."))
        enrolment = services.complete_lesson(enrolment=enrolment, lesson=lesson)
        return {"lesson": lesson.pk, "course_completed": enrolment.completed_at is not None}

    return _once(request, work)

"""The installable app: its manifest per language, the service worker, the offline page, the
list of pages a learner may save for reading without a connection, and the endpoint that
receives "Mark as complete" queued while offline."""

import json
import re

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.templatetags.static import static
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core.cache import versioned_key
from core.errors import Conflict, Forbidden, InvalidInput, NotFound
from core.http import object_id
from courses import services
from courses.models import Enrolment, LessonPage
from courses.selectors import course_path_of

from .identity import BACKGROUND_COLOR, ICONS, THEME_COLOR
from .selectors import offline_pages
from .shell import shell_urls, shell_version

IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9-]{16,64}")  # the script sends crypto.randomUUID()
IDEMPOTENCY_SECONDS = 60 * 60 * 24 * 30  # an outbox left on a phone for weeks still sends once


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
    """The addresses of a course's pages in one language, for the learner enrolled in it."""
    lang = _language(lang)
    with translation.override(lang):
        urls = offline_pages(request, user=request.user, course_id=object_id(course_id))
    return JsonResponse({"pages": urls})


@require_POST
@login_required
def complete_lesson(request, lesson_id):
    """ "Mark as complete" sent from the outbox of a device that was offline. The Idempotency-Key
    header names the action: sent twice (the connection dropped before the answer arrived), it
    changes nothing and gets the first answer again. The course's own rule decides, through
    courses.services.complete_lesson (itself idempotent)."""
    key = request.headers.get("Idempotency-Key", "")
    if not IDEMPOTENCY_KEY.fullmatch(key):
        raise InvalidInput(_("This action has no valid identity, so it was not recorded."))
    remembered = versioned_key("offline-action", request.user.pk, key)
    answer = cache.get(remembered)
    if answer is None:
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
        answer = {"lesson": lesson.pk, "course_completed": enrolment.completed_at is not None}
        cache.add(remembered, answer, IDEMPOTENCY_SECONDS)
    return JsonResponse(answer)

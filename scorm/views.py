"""SCORM endpoints: launch, runtime commits and the package's files, each for its own user only.

The JSON endpoints answer only about the requesting user's own attempt (another learner's attempt
key finds nothing: 404). Package files are served same-site (the SCORM API is found through
window.parent) with a content security policy that keeps the content to itself: no plugins, no
requests or frames outside this site, no framing by another site, no top-level navigation.
"""

from __future__ import annotations

import json
import mimetypes
import os
import stat

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST, require_safe

from core.errors import InvalidInput, NotFound
from core.http import object_id
from courses.models import LessonPage

from . import archive, runtime, services
from .models import ScormPackage
from .paths import safe_relative_path
from .selectors import own_attempt

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        # Authoring tools (Storyline, iSpring, Adapt) ship inline and eval'd scripts.
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
        "sandbox allow-scripts allow-same-origin allow-forms allow-popups allow-downloads",
    ]
)
EXTRA_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".vtt": "text/vtt",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".mp3": "audio/mpeg",
    ".xml": "application/xml",
    ".xsd": "application/xml",
    ".html": "text/html",
    ".htm": "text/html",
    ".wasm": "application/wasm",
}


def content_type_of(name: str) -> str:
    extension = os.path.splitext(name)[1].lower()
    guessed = EXTRA_TYPES.get(extension) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    if guessed.startswith("text/") or guessed in ("application/json", "application/xml"):
        guessed += "; charset=utf-8" if extension not in (".html", ".htm") else ""
    return guessed


@require_safe
@login_required
@xframe_options_sameorigin
def content(request, content_key, path):
    package = ScormPackage.objects.filter(content_key=content_key).first()
    if package is None or not request.user.has_perm("scorm.open_content", package):
        raise NotFound()
    relative = safe_relative_path(path)
    if relative is None:
        raise NotFound()
    directory = archive.storage_root() / str(package.content_key)
    full = directory.joinpath(*relative.split("/"))
    try:
        info = os.lstat(full)
    except (OSError, ValueError):
        raise NotFound() from None
    if not stat.S_ISREG(info.st_mode) or not full.resolve().is_relative_to(directory.resolve()):
        raise NotFound()
    response = FileResponse(open(full, "rb"), content_type=content_type_of(relative))
    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "same-origin"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _learner_name(user) -> str:
    # SCORM 1.2 asks for "last, first"; 2004 takes any form: one string serves both.
    last, first = (user.last_name or "").strip(), (user.first_name or "").strip()
    return (f"{last}, {first}" if last and first else last or first or user.get_username())[:255]


@require_POST
@login_required
@never_cache
def launch(request, lesson_id, package_id):
    lesson = LessonPage.objects.filter(pk=object_id(lesson_id)).first()
    package = ScormPackage.objects.filter(pk=object_id(package_id)).first()
    if lesson is None or package is None:
        raise NotFound()
    wanted = request.POST.get("sco", "")[:255] or None
    attempt = services.launch(user=request.user, lesson=lesson, package=package, sco=wanted)
    scos = package.sco_list
    current = package.sco(attempt.sco) if attempt else services.choose_sco(package, wanted, set())
    data = {
        "version": package.version,
        "content_url": package.get_content_url(current),
        "preview": attempt is None,
        "sco": current.identifier,
        "scos": [],
    }
    if attempt is None:
        data["cmi"] = {}
    else:
        data.update(
            attempt=str(attempt.key),
            session=str(attempt.session_key),
            commit_url=reverse("scorm:commit", args=[attempt.key]),
            cmi=runtime.initial_state(attempt, learner_name=_learner_name(request.user)),
            completed=attempt.completed_at is not None,
        )
    if len(scos) > 1:
        # The parts of the activity, for the player's list and its previous/next links.
        done = services.done_scos(request.user, lesson, package) if attempt else set()
        data["scos"] = [{"id": sco.identifier, "title": sco.title, "done": sco.identifier in done} for sco in scos]
        data["completed"] = attempt is not None and {sco.identifier for sco in scos} <= done
        data["sco_completed"] = attempt is not None and attempt.completed_at is not None
    return JsonResponse(data)


def _attempt_data(attempt) -> dict:
    """The state of one SCO's attempt; `completed` is the whole package's (every SCO done)."""
    completed = attempt.completed_at is not None
    data = {
        "attempt": str(attempt.key),
        "status": attempt.status,
        "location": attempt.location,
        "score": None if attempt.score_raw is None else str(attempt.score_raw),
        "completed": completed,
        "total_seconds": str(attempt.total_seconds),
    }
    scos = attempt.package.sco_list
    if len(scos) > 1:
        done = services.done_scos(attempt.learner_id, attempt.lesson_id, attempt.package)
        data.update(sco=attempt.sco, sco_completed=completed, completed={sco.identifier for sco in scos} <= done)
    return data


@require_safe
@login_required
@never_cache
def attempt_state(request, key):
    attempt = own_attempt(request.user, key)
    if attempt is None:
        raise NotFound()
    return JsonResponse(_attempt_data(attempt))


@require_POST
@login_required
@never_cache
def commit(request, key):
    max_bytes = int(getattr(settings, "SCORM_MAX_COMMIT_BYTES", 256 * 1024))
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > max_bytes:
        raise InvalidInput(_("The activity sent more data than the platform keeps."), status=413)
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput(_("The activity's data could not be read.")) from None
    if not isinstance(payload, dict):
        raise InvalidInput(_("The activity's data could not be read."))
    attempt = services.record_commit(user=request.user, key=key, session=payload.get("session", ""), payload=payload)
    return JsonResponse({"result": True, "errorCode": 0, **_attempt_data(attempt)})

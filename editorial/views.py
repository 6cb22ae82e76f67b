"""Admin views for translators: a course's translation status, and its PO file out and back in.

Every view asks the editorial policy (`editorial.translate`: content editors and administrators);
services raise core errors, which the middleware renders as translated 4xx pages.
"""

import hashlib

import polib
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import InvalidInput, NotFound
from core.http import object_id
from core.permissions import require
from courses.models import CoursePage

from . import roundtrip
from .forms import ImportForm
from .status import TARGET_LANGUAGES, missing_fields
from .tasks import import_translations

PERM = "editorial.translate"
# Above this many changes the import runs as a background task (one transaction all the same).
LARGE_IMPORT = 300
_SESSION_KEY = "editorial_import"


def _course(course_id):
    course = CoursePage.objects.filter(pk=object_id(course_id)).first()
    if course is None:
        raise NotFound(_("There is no such course."))
    return course


def status_index(request):
    require(request.user, PERM)
    courses = CoursePage.objects.order_by("path")
    return TemplateResponse(request, "editorial/status_index.html", {"courses": courses, "targets": TARGET_LANGUAGES})


def status_detail(request, course_id):
    require(request.user, PERM)
    course = _course(course_id)
    missing = missing_fields(course)
    by_language = {language: [m for m in missing if m.language == language] for language in TARGET_LANGUAGES}
    context = {"course": course, "by_language": by_language, "missing": missing, "form": ImportForm()}
    return TemplateResponse(request, "editorial/status_detail.html", context)


def export_po(request, course_id, language):
    require(request.user, PERM)
    course = _course(course_id)
    po = roundtrip.export_po(course, language)
    response = HttpResponse(str(po), content_type="text/x-gettext-translation; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="course-{course.pk}-{course.slug}-{language}.po"'
    return response


@require_POST
def import_preview(request, course_id):
    require(request.user, PERM)
    course = _course(course_id)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        raise InvalidInput(_("Choose the translated .po file to import."))
    data = form.cleaned_data["file"].read(roundtrip.MAX_FILE_BYTES + 1)
    plan = roundtrip.plan_import(course, roundtrip.read_po(data))
    text = data.decode("utf-8")
    request.session[_SESSION_KEY] = {"course": course.pk, "text": text}
    context = {"course": course, "plan": plan, "digest": hashlib.sha256(data).hexdigest()}
    return TemplateResponse(request, "editorial/import_preview.html", context)


@require_http_methods(["POST"])
def import_apply(request, course_id):
    require(request.user, PERM)
    course = _course(course_id)
    pending = request.session.get(_SESSION_KEY) or {}
    text = pending.get("text")
    if pending.get("course") != course.pk or text is None:
        raise InvalidInput(_("There is no file waiting to be imported for this course. Upload it again."))
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != request.POST.get("digest"):
        raise InvalidInput(_("The file changed since its preview. Upload it again."))
    plan = roundtrip.plan_import(course, polib.pofile(text))
    del request.session[_SESSION_KEY]
    if len(plan.changes) > LARGE_IMPORT:
        import_translations.enqueue(course.pk, text, request.user.pk)
        messages.success(
            request, _("The translations are being applied in the background; reload this page in a minute.")
        )
        return redirect("editorial:status_detail", course_id=course.pk)
    plan = roundtrip.apply_import(course=course, po=polib.pofile(text), user=request.user)
    messages.success(
        request,
        _("%(count)s translations imported; %(outdated)s outdated ones were not applied.")
        % {"count": len(plan.changes), "outdated": len(plan.outdated)},
    )
    return redirect("editorial:status_detail", course_id=course.pk)

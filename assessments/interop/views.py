"""Admin views: upload a question file, see the preview, confirm; export a bank or a quiz.

The upload is kept in the cache (by a random token, for the uploading user only, an hour)
between the preview and the confirmation, so nothing is written before the editor confirms.
"""

import secrets

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from core.errors import Gone
from core.permissions import require, visible_to

from ..models import QuestionBank, QuestionKind, Quiz
from .exporting import export_bank, export_quiz
from .forms import ExportForm, ImportForm
from .importing import import_parsed, read_file

UPLOAD_SECONDS = 3600
KIND_LABELS = dict(QuestionKind.choices)


def _upload_key(token):
    return f"assessments:interop:upload:{token}"


def import_view(request):
    require(request.user, "assessments.import_questions")
    banks = visible_to(request.user, "assessments.import_questions", QuestionBank.objects.order_by("name"))
    if request.method == "POST" and request.POST.get("token"):
        return _confirm(request, banks)
    form = ImportForm(request.POST or None, request.FILES or None, banks=banks, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        bank, language = form.cleaned_data["bank"], form.cleaned_data["language"]
        require(request.user, "assessments.import_questions", bank)
        data = form.cleaned_data["file"].read()
        parsed = read_file(data, language=language)
        token = secrets.token_urlsafe(24)
        cache.set(
            _upload_key(token),
            {"user": request.user.pk, "bank": bank.pk, "language": language, "data": data},
            UPLOAD_SECONDS,
        )
        return TemplateResponse(
            request,
            "assessments/interop/preview.html",
            {
                "parsed": parsed,
                "bank": bank,
                "token": token,
                "file_name": form.cleaned_data["file"].name,
                "counts": [(KIND_LABELS.get(kind, kind), count) for kind, count in parsed.counts().items()],
                "warnings": [item for item in parsed.items if item.warnings],
            },
        )
    return TemplateResponse(request, "assessments/interop/import.html", {"form": form})


def _confirm(request, banks):
    upload = cache.get(_upload_key(request.POST["token"]))
    if not upload or upload["user"] != request.user.pk:
        raise Gone(_("This upload has expired; upload the file again."))
    bank = banks.filter(pk=upload["bank"]).first()
    require(request.user, "assessments.import_questions", bank)
    parsed = read_file(upload["data"], language=upload["language"])
    result = import_parsed(bank=bank, parsed=parsed, language=upload["language"])
    cache.delete(_upload_key(request.POST["token"]))
    messages.success(
        request,
        _("%(created)s questions added, %(updated)s updated and %(unchanged)s unchanged in %(bank)s.")
        % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged, "bank": bank},
    )
    return redirect(reverse("assessments_interop:import") + f"?bank={bank.pk}")


def export_view(request):
    require(request.user, "assessments.export_questions")
    banks = visible_to(request.user, "assessments.export_questions", QuestionBank.objects.order_by("name"))
    quizzes = visible_to(request.user, "assessments.export_questions", Quiz.objects.order_by("title"))
    form = ExportForm(request.GET if "format" in request.GET else None, banks=banks, quizzes=quizzes)
    if form.is_bound and form.is_valid():
        source = form.cleaned_data["bank"] or form.cleaned_data["quiz"]
        require(request.user, "assessments.export_questions", source)
        exporter = export_bank if isinstance(source, QuestionBank) else export_quiz
        content, name, content_type, left_out = exporter(source, form.cleaned_data["format"])
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["X-Questions-Left-Out"] = str(left_out)
        return response
    return TemplateResponse(request, "assessments/interop/export.html", {"form": form})

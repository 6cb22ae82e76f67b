"""Certificates for people: verify (public), my certificates, download, HR list and exports, issue, manage.

Certificates are reached by their verification code (80 random bits), never by their id, and every
view asks people.permissions.can(...) with the rules in rules.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.http import error_response
from courses.models import Enrolment
from people.permissions import can, require

from . import exports, selectors
from .forms import CertificateFilterForm, IssueForCourseForm, RevokeForm, VerifyForm
from .services import CertificateError, issue_for_enrolments, normalise_code, reissue_certificate, revoke_certificate

PAGE_SIZE = 50


def short_verify(request, code):
    """/v/<code> from the QR code: into the visitor's language (cookie, then browser), then the page."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        url = reverse("certificates:verify_code", args=[normalise_code(code)[:40] or "-"])
    return HttpResponseRedirect(url)


def verify(request, code=None):
    """Public, no login: valid, revoked or unknown, with only the holder's name, course, date and issuer."""
    form = VerifyForm(request.GET or None)
    if code is None and form.is_bound:
        if not form.is_valid():
            return TemplateResponse(request, "certificates/verify.html", {"form": form}, status=400)
        return redirect("certificates:verify_code", code=normalise_code(form.cleaned_data["code"]) or "-")
    context = {"form": VerifyForm(), "checked": code is not None}
    status = 200
    if code is not None:
        certificate = selectors.find_by_code(code)
        context["certificate"] = certificate
        context["state"] = "unknown" if certificate is None else certificate.status
        if certificate is None:
            status = 404
    response = TemplateResponse(request, "certificates/verify.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def mine(request):
    context = {
        "certificates": list(selectors.certificates_of(request.user)),
        "can_list": can(request.user, "certificates.list"),
        "can_issue": can(request.user, "certificates.issue_for_course"),
        "can_view_cohorts": can(request.user, "certificates.view_cohorts"),
    }
    return TemplateResponse(request, "certificates/mine.html", context)


@login_required
def download(request, code):
    certificate = selectors.find_by_code(code)
    if certificate is None:
        return error_response(request, _("We could not find this certificate."), status=404)
    require(request.user, "certificates.download", certificate)
    if not certificate.is_valid and not can(request.user, "certificates.download_revoked", certificate):
        return error_response(request, _("This certificate was revoked and can no longer be downloaded."), status=410)
    if not certificate.is_ready:
        return error_response(
            request, _("This certificate is still being prepared. Try again in a minute."), status=409
        )
    response = FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"{certificate.serial}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _filtered(request):
    form = CertificateFilterForm(request.GET or None)
    certificates = selectors.certificates_visible_to(request.user)
    if form.is_bound and not form.is_valid():
        return form, None
    if form.is_bound:
        certificates = form.filter(certificates)
    return form, certificates


@login_required
def hr_list(request):
    require(request.user, "certificates.list")
    form, certificates = _filtered(request)
    if certificates is None:
        return TemplateResponse(request, "certificates/hr_list.html", {"form": form, "page": None}, status=400)
    page = Paginator(certificates.order_by("-issued_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_manage": can(request.user, "certificates.manage"),
        "course_chosen": bool(form.is_bound and form.cleaned_data.get("course")),
    }
    return TemplateResponse(request, "certificates/hr_list.html", context)


@login_required
def export(request, fmt):
    require(request.user, "certificates.list")
    form, certificates = _filtered(request)
    if certificates is None:
        return error_response(request, _("Some filters are not valid. Correct them and try again."), status=400)
    certificates = certificates.order_by("serial")
    if fmt == "zip":
        course = form.cleaned_data.get("course") if form.is_bound else None
        if course is None:
            return error_response(request, _("Choose a course to download its certificates."), status=400)
        return exports.zip_response(certificates, name=f"certificates-{course.slug}")
    return exports.xlsx_response(certificates) if fmt == "xlsx" else exports.csv_response(certificates)


@login_required
@require_http_methods(["GET", "POST"])
def issue_for_course(request):
    require(request.user, "certificates.issue_for_course")
    form = IssueForCourseForm(request.POST or None, courses=selectors.courses_to_issue_for(request.user))
    if request.method == "POST":
        if not form.is_valid():
            return TemplateResponse(request, "certificates/issue.html", {"form": form}, status=400)
        course = form.cleaned_data["course"]
        require(request.user, "certificates.issue_for_course", course)
        summary = issue_for_enrolments(enrolments=Enrolment.objects.filter(course=course), issued_by=request.user)
        messages.success(
            request,
            _(
                "%(queued)s certificates are being issued in the background. "
                "%(already)s were issued before; %(open)s learners have not completed the course."
            )
            % {"queued": summary["queued"], "already": summary["already_issued"], "open": summary["not_completed"]},
        )
        return redirect("certificates:issue")
    return TemplateResponse(request, "certificates/issue.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def manage(request, code):
    certificate = selectors.find_by_code(code)
    if certificate is None:
        return error_response(request, _("We could not find this certificate."), status=404)
    require(request.user, "certificates.manage", certificate)
    revoke_form = RevokeForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "revoke":
                revoke_form = RevokeForm(request.POST)
                if revoke_form.is_valid():
                    revoke_certificate(
                        certificate=certificate, by=request.user, reason=revoke_form.cleaned_data["reason"]
                    )
                    messages.success(request, _("The certificate is revoked."))
                    return redirect("certificates:manage", code=certificate.code)
                status = 400
            elif action == "reissue":
                reissue_certificate(certificate=certificate, by=request.user)
                messages.success(request, _("The certificate is being re-issued with the same serial number."))
                return redirect("certificates:manage", code=certificate.code)
            else:
                return error_response(request, _("This action is not possible here."), status=400)
        except CertificateError as error:
            return error_response(request, error.message, status=error.status)
    context = {
        "certificate": certificate,
        "events": certificate.events.select_related("actor"),
        "revoke_form": revoke_form,
    }
    return TemplateResponse(request, "certificates/manage.html", context, status=status)

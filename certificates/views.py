"""Certificates for people: verify (public), my certificates, download, HR list and exports, issue, manage.

Certificates are reached by their verification code (80 random bits), never by their id. Every view
asks the policies (certificates/policies.py) through `user.has_perm` or `visible_to`; refusals are
core errors, rendered by core's middleware.
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

from core import exports as core_exports
from core.errors import Conflict, Gone, InvalidInput, NotFound
from core.permissions import require
from courses.models import Enrolment

from . import exports, selectors
from .forms import CertificateFilterForm, IssueForCourseForm, RevokeForm, VerifyForm
from .links import public_base_url
from .services import clear_review, issue_for_enrolments, normalise_code, reissue_certificate, revoke_certificate

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
    user = request.user
    context = {
        "certificates": list(selectors.certificates_of(user)),
        "can_list": user.has_perm("certificates.list"),
        "can_issue": user.has_perm("certificates.issue_for_course"),
        "can_view_cohorts": user.has_perm("certificates.view_cohorts"),
    }
    return TemplateResponse(request, "certificates/mine.html", context)


def _certificate_or_404(code):
    certificate = selectors.find_by_code(code)
    if certificate is None:
        raise NotFound(_("We could not find this certificate."))
    return certificate


@login_required
def download(request, code):
    """The stored PDF, streamed from private storage: the only way a certificate file leaves the server."""
    certificate = _certificate_or_404(code)
    require(request.user, "certificates.download", certificate)
    if not certificate.is_valid and not request.user.has_perm("certificates.download_revoked", certificate):
        raise Gone(_("This certificate was revoked and can no longer be downloaded."))
    if not certificate.is_ready:
        raise Conflict(_("This certificate is still being prepared. Try again in a minute."))
    response = FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"{certificate.serial}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _filtered(request):
    """The filter form and the certificates the user may list, filtered; None when filters are invalid."""
    form = CertificateFilterForm(request.GET or None, provinces=selectors.provinces_for_filters(request.user))
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
        "can_manage": request.user.has_perm("certificates.manage"),
        "course_chosen": bool(form.is_bound and form.cleaned_data.get("course")),
    }
    return TemplateResponse(request, "certificates/hr_list.html", context)


@login_required
def export(request, fmt):
    require(request.user, "certificates.list")
    form, certificates = _filtered(request)
    if certificates is None:
        raise InvalidInput(_("Some filters are not valid. Correct them and try again."))
    certificates = certificates.order_by("serial")
    if fmt == "zip":
        course = form.cleaned_data.get("course") if form.is_bound else None
        if course is None:
            raise InvalidInput(_("Choose a course to download its certificates."))
        named = exports.certificate_list(
            request.user, [], filters=form.described(), key=f"certificates-{course.slug}"
        ).filename("zip")
        return core_exports.zip_response(exports.pdf_files(certificates), filename=named)
    table = exports.certificate_list(request.user, certificates, filters=form.described(), request=request)
    return core_exports.response(table, fmt)


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
        summary = issue_for_enrolments(
            enrolments=Enrolment.objects.filter(course=course),
            issued_by=request.user,
            label=course.title,
            base_url=public_base_url(request),
        )
        messages.success(
            request,
            _(
                "%(queued)s certificates are being issued in the background. "
                "%(already)s were issued before; %(open)s learners have not completed the course."
            )
            % {"queued": summary["queued"], "already": summary["already_issued"], "open": summary["not_completed"]},
        )
        return redirect("certificates:issue")
    context = {"form": form, "bulk_issues": selectors.recent_bulk_issues(request.user)}
    return TemplateResponse(request, "certificates/issue.html", context)


def _manage_context(certificate, revoke_form):
    return {
        "certificate": certificate,
        "events": certificate.events.select_related("actor"),
        "revoke_form": revoke_form,
    }


@login_required
@require_http_methods(["GET", "POST"])
def manage(request, code):
    """History, re-issue, review, and revoking in two steps: the reason, then a confirmation page
    that shows the certificate, its holder and the reason before anything changes."""
    certificate = _certificate_or_404(code)
    require(request.user, "certificates.manage", certificate)
    if request.method == "GET":
        return TemplateResponse(request, "certificates/manage.html", _manage_context(certificate, RevokeForm()))
    action = request.POST.get("action")
    if action in ("revoke", "confirm_revoke"):
        form = RevokeForm(request.POST)
        if not form.is_valid():
            return TemplateResponse(request, "certificates/manage.html", _manage_context(certificate, form), status=400)
        if not certificate.is_valid:
            raise Conflict(_("This certificate is already revoked."))
        if action == "revoke":
            context = {"certificate": certificate, "reason": form.cleaned_data["reason"], "form": form}
            return TemplateResponse(request, "certificates/revoke_confirm.html", context)
        revoke_certificate(certificate=certificate, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The certificate is revoked. Its holder will be told by e-mail, with the reason."))
    elif action == "reissue":
        reissue_certificate(certificate=certificate, by=request.user, base_url=public_base_url(request))
        messages.success(request, _("The certificate is being re-issued with the same serial number."))
    elif action == "keep":
        clear_review(certificate=certificate, by=request.user)
        messages.success(request, _("The review is closed; the certificate stays valid."))
    else:
        raise InvalidInput(_("This action is not possible here."))
    return redirect("certificates:manage", code=certificate.code)

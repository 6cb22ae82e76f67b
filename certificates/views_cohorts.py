"""Certificates of cohorts: the trainer's (and HR planner's) list of cohorts, a cohort's certificates,
its ZIP of PDFs, and issuing for the whole cohort in one background action.

Cohorts are reached by their public UUID, and every view asks the policies (policies.py, built on
the cohorts app's roster permission) through `user.has_perm`, so changing the UUID in the URL gives
nothing but a 403 or a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import exports as core_exports
from core.errors import NotAllowedHere, NotFound
from core.permissions import require

from . import exports, selectors
from .links import public_base_url
from .services import issue_for_cohort

PAGE_SIZE = 50


def _cohort(request, public_id):
    cohort = selectors.cohort_by_public_id(public_id)
    if cohort is None:
        raise NotFound(_("We could not find this cohort."))
    require(request.user, "certificates.view_cohort", cohort)
    return cohort


@login_required
def cohort_list(request):
    require(request.user, "certificates.view_cohorts")
    page = Paginator(selectors.cohorts_with_certificates(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(request, "certificates/cohort_list.html", {"page": page})


@login_required
def cohort_certificates(request, public_id):
    cohort = _cohort(request, public_id)
    rows = selectors.cohort_certificate_rows(cohort)
    context = {
        "cohort": cohort,
        "rows": rows,
        "ready_count": sum(1 for row in rows if row.state == "ready"),
        "to_issue_count": sum(1 for row in rows if row.state == "to_issue"),
        "can_issue": request.user.has_perm("certificates.issue_for_cohort", cohort),
    }
    return TemplateResponse(request, "certificates/cohort_certificates.html", context)


@login_required
def issue_cohort(request, public_id):
    if request.method != "POST":
        raise NotAllowedHere(_("This action is not possible here."))
    cohort = _cohort(request, public_id)
    require(request.user, "certificates.issue_for_cohort", cohort)
    summary = issue_for_cohort(cohort=cohort, issued_by=request.user, base_url=public_base_url(request))
    messages.success(
        request,
        _(
            "%(queued)s certificates are being issued in the background. "
            "%(already)s were issued before; %(open)s participants have not completed the course."
        )
        % {"queued": summary["queued"], "already": summary["already_issued"], "open": summary["not_completed"]},
    )
    return redirect("certificates:cohort", public_id=cohort.public_id)


@login_required
def cohort_zip(request, public_id):
    cohort = _cohort(request, public_id)
    certificates = selectors.cohort_certificates_to_download(cohort)
    # An ASCII file name whatever the course's slug is written in (Wagtail allows Khmer and Lao slugs).
    name = f"certificates-{slugify(cohort.course.slug) or 'cohort'}-{cohort.start_date:%Y-%m-%d}.zip"
    return core_exports.zip_response(exports.pdf_files(certificates), filename=name)

"""Certificate designs in the Wagtail admin, the certificate section on a completed course's page,
and the registration of this app's permission policies."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CertificateTemplate, IssuedCertificate
from .policies import CohortCertificatesPolicy, IssuedCertificatePolicy


@hooks.register("register_permission_policy")
def register_policies():
    return [IssuedCertificatePolicy(), CohortCertificatesPolicy()]


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Certificate designs")
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["name", "course", "tier", "country", "orientation"]
    list_filter = ["tier", "country", "orientation"]
    search_fields = ["name", "issuer"]


register_snippet(CertificateTemplateViewSet)


@hooks.register("courses_page_sections")
def certificate_section(request, *, where, page, enrolment):
    """On the page of a course the learner has completed: their certificate (one query), else nothing."""
    if where != "course_completed" or enrolment is None or enrolment.completed_at is None:
        return ""
    certificate = IssuedCertificate.objects.filter(enrolment=enrolment).first()
    return render_to_string("certificates/includes/course_section.html", {"certificate": certificate}, request=request)

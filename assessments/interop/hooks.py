"""Wagtail hooks of question exchange: its policy, its admin URLs, menu items and listing buttons.

Imported by assessments/wagtail_hooks.py so that Wagtail registers these with the app's hooks.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton

from ..models import QuestionBank, Quiz
from . import urls
from .policies import QuestionExchangePolicy


@hooks.register("register_permission_policy")
def register_policies():
    return [QuestionExchangePolicy()]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("questions/", include(urls, namespace="assessments_interop"))]


class _PermittedMenuItem(MenuItem):
    def __init__(self, *args, perm, **kwargs):
        super().__init__(*args, **kwargs)
        self.perm = perm

    def is_shown(self, request):
        return request.user.has_perm(self.perm)


@hooks.register("register_admin_menu_item")
def import_menu_item():
    return _PermittedMenuItem(
        _("Import questions"),
        reverse("assessments_interop:import"),
        icon_name="upload",
        order=330,
        perm="assessments.import_questions",
    )


@hooks.register("register_admin_menu_item")
def export_menu_item():
    return _PermittedMenuItem(
        _("Export questions"),
        reverse("assessments_interop:export"),
        icon_name="download",
        order=331,
        perm="assessments.export_questions",
    )


@hooks.register("register_snippet_listing_buttons")
def exchange_buttons(snippet, user, next_url=None):
    """Import and export beside each bank, export beside each quiz."""
    if isinstance(snippet, QuestionBank):
        if user.has_perm("assessments.import_questions", snippet):
            url = reverse("assessments_interop:import") + f"?bank={snippet.pk}"
            yield ListingButton(_("Import questions"), url, priority=60)
        if user.has_perm("assessments.export_questions", snippet):
            for fmt, label in (("xml", _("Export to Moodle XML")), ("gift", _("Export to GIFT"))):
                url = reverse("assessments_interop:export") + f"?bank={snippet.pk}&format={fmt}"
                yield ListingButton(label, url, priority=61)
    elif isinstance(snippet, Quiz) and user.has_perm("assessments.export_questions", snippet):
        url = reverse("assessments_interop:export") + f"?quiz={snippet.pk}&format=xml"
        yield ListingButton(_("Export to Moodle XML"), url, priority=61)

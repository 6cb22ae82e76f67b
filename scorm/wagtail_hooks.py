"""SCORM packages in the admin (editors only), the scorm policies, and trainers' score table on lessons."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .forms import ScormPackageForm
from .models import ScormPackage
from .policies import ScormAttemptPolicy, ScormPackagePolicy
from .services import BLOCK_TYPE


@hooks.register("register_permission_policy")
def register_policies():
    return [ScormPackagePolicy(), ScormAttemptPolicy()]


class ScormPackageViewSet(SnippetViewSet):
    model = ScormPackage
    icon = "media"
    menu_label = _("SCORM packages")
    menu_order = 330
    add_to_admin_menu = True
    list_display = ["title", "version", "file_count", "updated_at"]
    list_filter = ["version"]
    search_fields = ["title"]
    edit_handler = ObjectList([FieldPanel("title"), FieldPanel("package_file")], base_form_class=ScormPackageForm)


register_snippet(ScormPackageViewSet)


def _has_scorm_block(page) -> bool:
    raw = getattr(getattr(page, "body", None), "raw_data", None) or []
    return any(isinstance(block, dict) and block.get("type") == BLOCK_TYPE for block in raw)


@hooks.register("courses_page_sections")
def scores_section(request, *, where, page, enrolment):
    """Trainers' table of the SCORM scores in a lesson; nothing (and no query) on other lessons."""
    if where != "lesson" or page is None or not _has_scorm_block(page):
        return ""
    user = getattr(request, "user", None)
    # The policy itself, not user.has_perm: Django's ModelBackend would first read the user's model
    # permissions (two queries) for a name only the policy answers.
    if not user or not ScormAttemptPolicy().can_read_scores(user):
        return ""
    from .selectors import lesson_scores

    attempts = lesson_scores(user, page)
    return render_to_string("scorm/scores_section.html", {"attempts": attempts}, request=request)

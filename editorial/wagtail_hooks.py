"""The editors' workshop in the Wagtail admin: Khmer/Lao fonts, the course listing, the translation menu."""

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.pages import PageListingViewSet

from courses.models import CoursePage

from . import urls
from .policies import TranslationPolicy


@hooks.register("register_permission_policy")
def register_policies():
    return [TranslationPolicy()]


@hooks.register("insert_global_admin_css")
def khmer_and_lao_fonts():
    # Every admin screen, the page and snippet editors, choosers (modals of the same document) and
    # the userbar on previews load this; previews themselves are the site's pages with site.css.
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("register_admin_urls")
def register_urls():
    return [path("translations/", include(urls, namespace="editorial"))]


class TranslationMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("editorial.translate")


@hooks.register("register_admin_menu_item")
def translation_menu_item():
    return TranslationMenuItem(_("Translation status"), reverse("editorial:status_index"), icon_name="globe", order=305)


class LanguagesColumn(Column):
    """The languages a course is complete in, as badges (computed from its content on publish)."""

    cell_template_name = "editorial/languages_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["languages"] = list(instance.languages or [])
        return context


class CourseListingViewSet(PageListingViewSet):
    icon = "doc-full-inverse"
    menu_label = _("Courses")
    menu_order = 150
    add_to_admin_menu = True
    model = CoursePage
    columns = [
        *PageListingViewSet.columns,
        LanguagesColumn("languages", label=_("Translated into"), sort_key=None),
    ]


@hooks.register("register_admin_viewset")
def register_course_listing():
    return CourseListingViewSet("course_listing")

"""The "Save this course for offline" panel on the page of a course the learner is enrolled in, and
on its lessons the address where a "Mark as complete" queued offline is sent."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail import hooks


@hooks.register("courses_page_sections")
def save_for_offline_section(request, *, where, page, enrolment):
    """No query: the enrolment and the page are already loaded by the course page."""
    if enrolment is None or request is None:
        return ""
    if where == "lesson":
        # Where the lesson page's "Mark as complete" goes when it is queued offline (app.js).
        url = reverse("offline:complete_lesson", args=[page.pk])
        return format_html('<span hidden data-testid="offline-lesson" data-complete="{}"></span>', url)
    if where != "course":
        return ""
    context = {
        "pages_url": reverse("offline:course_pages", args=[get_language(), page.pk]),
        "cache_name": f"course-{request.user.pk}-{page.pk}",
        # The script fills in {date} and {size}; translators keep both words as they are.
        "saved_text": _("Saved on this device on %(date)s (%(size)s).") % {"date": "{date}", "size": "{size}"},
    }
    return render_to_string("offline/course_section.html", context, request=request)

"""Where other apps add to the course pages without the courses app knowing them.

An app registers a Wagtail hook named "courses_page_sections":

    @hooks.register("courses_page_sections")
    def quiz_section(request, *, where, page, enrolment):
        return render_to_string(...)  # or "" when it has nothing to say

`where` is "course", "module", "lesson" or "my_learning"; `page` is the page shown (None on
My learning); `enrolment` is the learner's enrolment in that course, or None.
Each hook should run a fixed number of queries: the pages pin their totals in tests.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from wagtail import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def page_sections(context, where, page=None):
    request = context.get("request")
    enrolment = context.get("enrolment")
    parts = []
    for hook in hooks.get_hooks("courses_page_sections"):
        html = hook(request, where=where, page=page, enrolment=enrolment)
        if html:
            parts.append(conditional_escape(html))
    return mark_safe("".join(parts))
